const Router = require('@koa/router');
const { issueToken } = require('./tokens');

const router = new Router();

router.post('/login', async (ctx) => {
  const token = await issueToken(ctx.request.body);
  ctx.cookies.set('access_token', token, { httpOnly: false, sameSite: 'lax' });
  ctx.body = { ok: true };
});

router.post('/logout', async (ctx) => {
  ctx.cookies.set('access_token', null);
  ctx.status = 204;
});

router.post('/sso', async (ctx) => {
  ctx.cookies.set('sid', ctx.state.sessionId, { sameSite: 'none', secure: false, httpOnly: true });
  ctx.status = 204;
});

router.post('/mobile-login', async (ctx) => {
  ctx.cookies.set('sid', ctx.state.sessionId, { httpOnly: true, secure: true, sameSite: 'strict', signed: true });
  ctx.status = 204;
});

module.exports = router;
