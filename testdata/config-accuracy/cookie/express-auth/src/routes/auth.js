const express = require('express');
const jwt = require('jsonwebtoken');
const { verifyPassword, rotateRefreshToken } = require('../lib/auth');
const { findUserByEmail } = require('../db/users');

const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await findUserByEmail(req.body.email);
  if (!user || !(await verifyPassword(user, req.body.password))) {
    return res.status(401).json({ error: 'invalid credentials' });
  }
  const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });
  res.cookie('token', token);
  res.json({ user: { id: user.id, email: user.email } });
});

router.post('/refresh', async (req, res) => {
  const token = await rotateRefreshToken(req.cookies.refresh_token);
  res.cookie('refresh_token', token, { httpOnly: true, path: '/auth/refresh' });
  res.sendStatus(204);
});

router.post('/logout', (req, res) => {
  res.clearCookie('token');
  res.clearCookie('refresh_token', { path: '/auth/refresh' });
  res.sendStatus(204);
});

module.exports = router;
