const express = require('express');
const cors = require('cors');

const router = express.Router();

// Open data: anyone may read the catalogue.
router.get('/catalogue', cors(), async (req, res) => {
  const items = await req.app.locals.db.catalogue.findAll({ where: { published: true } });
  res.json(items);
});

router.get('/status', (req, res) => {
  res.set('Access-Control-Allow-Origin', '*');
  res.json({ ok: true, version: process.env.APP_VERSION });
});

module.exports = router;
