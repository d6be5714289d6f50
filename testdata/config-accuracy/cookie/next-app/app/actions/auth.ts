'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { createSession } from '@/lib/session';

export async function login(formData: FormData) {
  const { token } = await createSession(formData.get('email'), formData.get('password'));
  cookies().set('token', token);
  redirect('/dashboard');
}

export async function loginSecure(formData: FormData) {
  const session = await createSession(formData.get('email'), formData.get('password'));
  const expiresAt = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
  (await cookies()).set('session', session.id, {
    httpOnly: true,
    secure: true,
    expires: expiresAt,
    sameSite: 'lax',
    path: '/',
  });
  redirect('/dashboard');
}

export async function logout() {
  (await cookies()).delete('session');
  redirect('/login');
}
