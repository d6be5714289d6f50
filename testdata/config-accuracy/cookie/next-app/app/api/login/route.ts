import { NextResponse } from 'next/server';
import { authenticate } from '@/lib/auth';

export async function POST(request: Request) {
  const { email, password } = await request.json();
  const token = await authenticate(email, password);
  const response = NextResponse.json({ ok: true });
  response.cookies.set('auth-token', token, { httpOnly: false, path: '/' });
  return response;
}

export async function DELETE() {
  return new Response(null, {
    status: 204,
    headers: { 'Set-Cookie': 'auth-token=; Path=/; Max-Age=0' },
  });
}
