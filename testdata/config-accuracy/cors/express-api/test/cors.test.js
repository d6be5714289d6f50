const request = require('supertest');
const app = require('../src/app');

describe('CORS', () => {
  it('does not echo arbitrary origins', async () => {
    const res = await request(app).get('/orders').set('Origin', 'https://evil.example.net');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never answers origin: * with credentials: true', async () => {
    const res = await request(app).options('/orders').set('Origin', 'https://app.example.com');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });
});
