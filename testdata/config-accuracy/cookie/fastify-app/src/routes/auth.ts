import type { FastifyPluginAsync } from 'fastify';

const auth: FastifyPluginAsync = async (app) => {
  app.post('/login', async (request, reply) => {
    const token = await app.jwt.sign({ sub: request.user.id });
    reply.setCookie('token', token, { path: '/' });
    return { ok: true };
  });

  app.post('/session', async (request, reply) => {
    reply.setCookie('session', request.session.sessionId, {
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      signed: true,
    });
    return { ok: true };
  });

  app.post('/embed-login', async (request, reply) => {
    reply
      .setCookie('embed_session', request.session.sessionId, { path: '/', httpOnly: true, sameSite: 'none' })
      .send({ ok: true });
  });
};

export default auth;
