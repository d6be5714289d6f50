import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify({ logger: true });

await app.register(cors, {
  origin: ['https://app.example.com', 'https://staging.example.com'],
  credentials: true,
});

app.register(
  async (open) => {
    await open.register(cors, { origin: '*' });
    open.get('/v1/rates', async () => ({ eur: 1, usd: 1.08 }));
  },
  { prefix: '/open' },
);

app.register(
  async (partner) => {
    await partner.register(cors, { origin: '*', credentials: true });
    partner.get('/v1/account', async (request) => request.user);
  },
  { prefix: '/partner' },
);

await app.listen({ port: 8080, host: '0.0.0.0' });
