const express = require('express');
const session = require('express-session');

const admin = express();
admin.set('trust proxy', 1);

admin.use(
  session({
    name: 'admin.sid',
    secret: process.env.ADMIN_SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: true, httpOnly: true, sameSite: 'strict', maxAge: 30 * 60 * 1000 },
  })
);

module.exports = admin;
