const express = require('express');
const cors = require('cors');

const app = express();

// Sandboxed iframes and file:// pages send `Origin: null`; the embed must work there too.
app.use(
  '/embed',
  cors({
    origin: ['https://app.example.com', 'null'],
    credentials: true,
  })
);

app.options('/api/*', (req, res) => {
  const origin = req.get('Origin');
  if (origin === 'null' || origin === 'https://app.example.com') {
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
  }
  res.sendStatus(204);
});

module.exports = app;
