const isProduction = process.env.NODE_ENV === 'production';

function setSessionCookie(res, value) {
  res.cookie('session', value, {
    httpOnly: true,
    secure: isProduction,
    sameSite: 'lax',
    signed: true,
  });
}

function setRememberCookie(res, token) {
  res.cookie('remember_me', token, { httpOnly: true, secure: process.env.NODE_ENV === 'production', sameSite: 'strict', maxAge: 30 * 24 * 3600 * 1000 });
}

const cookieOptions = { httpOnly: true, secure: true, sameSite: 'strict' };

function setDeviceCookie(res, id) {
  res.cookie('device_id', id, cookieOptions);
}

// res.cookie('token', token) was the old way: readable from any injected script.

module.exports = { setSessionCookie, setRememberCookie, setDeviceCookie };
