import type { NextApiRequest, NextApiResponse } from 'next';
import { serialize } from 'cookie';
import { createSession } from '@/lib/session';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await createSession(req.body);
  if (req.query.legacy) {
    res.setHeader('Set-Cookie', `session=${session.id}; Path=/; SameSite=Lax`);
    return res.status(200).json({ ok: true });
  }
  if (req.query.bridge) {
    res.setHeader('Set-Cookie', serialize('token', session.token, { path: '/' }));
    return res.status(200).json({ ok: true });
  }
  res.setHeader(
    'Set-Cookie',
    serialize('session', session.id, {
      httpOnly: true,
      secure: process.env.NODE_ENV !== 'development',
      sameSite: 'strict',
      maxAge: 60 * 60 * 24 * 7,
      path: '/',
    }),
  );
  res.status(200).json({ ok: true });
}
