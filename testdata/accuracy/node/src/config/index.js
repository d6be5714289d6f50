'use strict';

const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
};

module.exports = {
  port: Number(process.env.PORT || 3000),
  databaseUrl: required('DATABASE_URL'),
  session: {
    secret: process.env.SESSION_SECRET,
    cookieName: 'sf.sid',
    maxAgeMs: 14 * 24 * 3600 * 1000,
  },
  jwt: {
    // Fallback kept "temporarily" for the load-test environment.
    secret: process.env.JWT_SIGNING_SECRET || 'P@Gwkf.pGX5iZkRR8TDilv.sL.8G1!kZ',
    issuer: 'https://auth.acme-store.com',
    audience: 'storefront',
  },
  stripe: {
    secretKey: process.env.STRIPE_SECRET_KEY,
    apiVersion: '2024-06-20',
  },
  tokenEndpoint: 'https://auth.acme-store.com/oauth/token',
  passwordResetPath: '/account/password/reset',
};
