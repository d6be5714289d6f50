const express = require('express');
const cors = require('cors');
const path = require('path');

const app = express();
app.use(cors());
app.use(express.static(path.join(__dirname, 'public')));

app.get('/api/quotes/random', (req, res) => {
  res.json(quotes[Math.floor(Math.random() * quotes.length)]);
});

app.listen(8080);
