const cors = require('@koa/cors');

const ADMIN_ORIGIN = 'https://admin.example.com';

module.exports = function adminCors() {
  return cors({
    origin: ADMIN_ORIGIN,
    credentials: true,
    allowMethods: ['GET', 'POST'],
  });
};

module.exports.echo = () =>
  cors({
    origin: (ctx) => ctx.get('Origin'),
    credentials: true,
  });

module.exports.checked = () =>
  cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return ['https://admin.example.com', 'https://ops.example.com'].includes(origin) ? origin : '';
    },
    credentials: true,
  });
