import { NextRequest, NextResponse } from 'next/server';
import { getSession } from '@/lib/session';

export async function OPTIONS(request: NextRequest) {
  return new NextResponse(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': request.headers.get('origin') ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods': 'GET, OPTIONS',
    },
  });
}

export async function GET(request: NextRequest) {
  const session = await getSession(request);
  return NextResponse.json({ user: session?.user ?? null });
}
