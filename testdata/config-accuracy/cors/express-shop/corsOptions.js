const whitelist = new Set(['https://shop.example.com', 'https://admin.example.com']);

function originAllowed(origin) {
  if (!origin) return true; // curl and server-to-server calls
  if (whitelist.has(origin)) return true;
  return origin.endsWith('example.com');
}

const corsOptions = {
  origin(origin, callback) {
    if (originAllowed(origin)) {
      callback(null, true);
    } else {
      callback(new Error(`Origin ${origin} not allowed by CORS`));
    }
  },
  credentials: true,
};

module.exports = corsOptions;
