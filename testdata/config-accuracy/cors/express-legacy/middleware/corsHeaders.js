function corsHeaders(req, res, next) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Credentials', true);
  res.setHeader('Access-Control-Allow-Headers', 'Origin, X-Requested-With, Content-Type, Accept, Authorization');
  next();
}

function assertCorsConfig(config) {
  if (config.origin === '*' && config.credentials) {
    throw new Error("CORS misconfigured: origin '*' cannot be combined with credentials: true");
  }
}

module.exports = { corsHeaders, assertCorsConfig };
