const express = require('express');
const cors = require('cors');
const helmet = require('helmet');
const morgan = require('morgan');

const authRouter = require('./routes/auth');
const ordersRouter = require('./routes/orders');
const publicRouter = require('./routes/public');

const app = express();
app.use(helmet());
app.use(morgan('combined'));
app.use(express.json());

// The dashboard and the mobile web view both call this API with cookies.
app.use(
  cors({
    origin: true,
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
  })
);

app.use('/auth', authRouter);
app.use('/orders', ordersRouter);
app.use('/public', publicRouter);

const port = process.env.PORT || 4000;
app.listen(port, () => console.log(`api listening on ${port}`));
