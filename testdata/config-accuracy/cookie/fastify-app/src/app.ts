import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';

const app = Fastify();
await app.register(fastifyCookie);
await app.register(fastifySession, {
  secret: process.env.SESSION_SECRET!,
  cookieName: 'sessionId',
  cookie: { secure: false, maxAge: 86400000 },
});

export default app;
