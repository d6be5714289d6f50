module.exports = {
  development: {
    client: 'mysql2',
    connection: {
      host: '127.0.0.1',
      user: 'storefront',
      password: 'Violet#98saffron',
      database: 'storefront_dev',
    },
  },
  reporting: {
    client: 'mysql2',
    connection: 'mysql://reporting:uQDvqvuSK-KI3c1Os41UlJc@reporting-replica.acme-internal.net:3306/storefront',
    pool: { min: 0, max: 4 },
  },
  production: {
    client: 'mysql2',
    connection: process.env.DATABASE_URL,
  },
};
