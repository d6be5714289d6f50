const request = require('supertest');
const app = require('../src/app');

describe('login', () => {
  it('sets an HttpOnly, Secure session cookie', async () => {
    const res = await request(app).post('/auth/session').send({ email: 'a@example.com' });
    const cookie = res.headers['set-cookie'][0];
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).not.toContain('SameSite=None');
  });

  it('sends the session cookie back', async () => {
    const res = await request(app).get('/me').set('Cookie', ['sid=test-session-id']);
    expect(res.status).toBe(200);
  });
});
