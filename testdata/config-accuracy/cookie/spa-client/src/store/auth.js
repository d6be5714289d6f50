export const TOKEN_KEY = 'jwt';

export default {
  state: () => ({ token: null, theme: localStorage.getItem('theme') || 'light', cart: [] }),
  mutations: {
    setToken(state, token) {
      state.token = token;
      window.localStorage.setItem(TOKEN_KEY, token);
    },
    setTheme(state, theme) {
      state.theme = theme;
      localStorage.setItem('theme', theme);
    },
    dismissTokenBanner() {
      localStorage.setItem('tokenExpiryBannerDismissed', 'true');
    },
    saveCart(state) {
      sessionStorage.setItem('cart', JSON.stringify(state.cart));
    },
  },
};
