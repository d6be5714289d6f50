const express = require('express');
const cors = require('cors');

const app = express();

const allowedOrigins = ['https://shop.example.com', 'https://admin.example.com'];

// Do not use `cors({ origin: '*', credentials: true })` here: browsers reject it and it is unsafe.
app.use(
  cors({
    origin: allowedOrigins,
    credentials: true,
  })
);

// Partner widgets are served from any of our subdomains.
const partnerCors = cors({
  origin: /^https:\/\/[a-z0-9-]+\.example\.com$/,
  credentials: true,
});
app.use('/widgets', partnerCors);

// Preview deployments: https://pr-123.preview.example.com
const previewCors = cors({
  origin: /https:\/\/pr-\d+.preview.example.com/,
  credentials: true,
});
app.use('/preview-api', previewCors);

// Status page widgets on customer sites.
app.use('/status', cors({ origin: [/\.example\.com$/, 'https://status.example.org'] }));

module.exports = app;
