const express = require('express');
const session = require('express-session');

const kiosk = express();
kiosk.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: true }));

const staff = express();
staff.use(
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: staff.get('env') === 'production', httpOnly: true, sameSite: 'lax' },
  })
);

module.exports = { kiosk, staff };
