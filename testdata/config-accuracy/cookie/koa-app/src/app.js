const Koa = require('koa');
const session = require('koa-session');

const app = new Koa();
app.keys = [process.env.KOA_KEY];

const CONFIG = {
  key: 'koa.sess',
  maxAge: 86400000,
  httpOnly: false,
  signed: true,
  rolling: false,
};

app.use(session(CONFIG, app));
app.use(require('./auth').routes());
app.listen(3000);
