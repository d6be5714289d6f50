import axios from 'axios';

const api = axios.create({ baseURL: import.meta.env.VITE_API_URL });

export async function login(email: string, password: string) {
  const { data } = await api.post('/auth/login', { email, password });
  localStorage.setItem('token', data.token);
  localStorage.setItem('user', JSON.stringify({ id: data.user.id, name: data.user.name }));
  return data.user;
}

export async function refresh() {
  const { data } = await api.post('/auth/refresh', { refreshToken: localStorage.getItem('refresh_token') });
  sessionStorage.setItem('access_token', data.access_token);
  localStorage.setItem('refresh_token', data.refresh_token);
}

export function logout() {
  localStorage.removeItem('token');
  localStorage.removeItem('refresh_token');
}

api.interceptors.request.use((config) => {
  const token = localStorage.getItem('token');
  if (token) config.headers.Authorization = `Bearer ${token}`;
  return config;
});
