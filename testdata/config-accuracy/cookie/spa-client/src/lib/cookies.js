import Cookies from 'js-cookie';
import UniversalCookies from 'universal-cookie';

const universal = new UniversalCookies();

export function rememberConsent(choice) {
  Cookies.set('cookie_consent', choice, { expires: 365, sameSite: 'Lax' });
}

export function setEmbedSession(id) {
  Cookies.set('embed_session', id, { sameSite: 'None' });
}

export function setEmbedSessionSecure(id) {
  Cookies.set('embed_session', id, { sameSite: 'None', secure: true });
}

export function readLanguage() {
  return Cookies.get('lang') || 'en';
}

export function storeToken(token) {
  document.cookie = `token=${token}; path=/; SameSite=None`;
}

export function storeLanguage(lang) {
  document.cookie = `lang=${lang}; path=/; max-age=31536000; SameSite=Lax`;
}

export function readToken() {
  const match = document.cookie.match(/(?:^|; )token=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : null;
}

export function storeAuth(token) {
  universal.set('auth', token, { path: '/', sameSite: 'none' });
}
