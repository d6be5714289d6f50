const express = require('express');
const sessions = require('../lib/sessions');
const sso = require('../lib/sso');

const router = express.Router();

router.post('/session', async (req, res) => {
  const sessionId = await sessions.create(req.user.id);
  res.cookie('sid', sessionId, {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: 1000 * 60 * 60 * 24 * 7,
  });
  res.cookie('theme', req.body.theme || 'light', { maxAge: 31536000000 });
  res.cookie('XSRF-TOKEN', req.csrfToken(), { secure: true, sameSite: 'strict' });
  res.status(201).end();
});

router.post('/sso/callback', async (req, res) => {
  const session = await sso.exchange(req.body.code);
  res.cookie('session', session.id, {
    httpOnly: true,
    sameSite: 'none',
    maxAge: session.ttl * 1000,
  });
  res.redirect('/');
});

router.get('/handoff', (req, res) => {
  res.cookie('auth_token', req.query.t, { httpOnly: false, secure: true, sameSite: 'lax' });
  res.redirect('/app');
});

module.exports = router;
