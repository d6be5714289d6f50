const Koa = require('koa');
const Router = require('@koa/router');
const cors = require('@koa/cors');
const bodyParser = require('koa-bodyparser');

const app = new Koa();
const router = new Router();

router.get('/me', async (ctx) => {
  ctx.body = ctx.state.user;
});

app.use(cors({ credentials: true }));
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());

app.listen(3000);
