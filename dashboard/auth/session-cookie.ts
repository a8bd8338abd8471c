// The local sign-in session: a signed, HttpOnly, SameSite=Strict cookie holding who signed in and until when.
// Stateless on purpose: sign-in keeps working with Redis down, and any dashboard task can read it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRole, type DashboardUser } from './roles';

export const SESSION_COOKIE = 'dash_session';
/** A working day; the person signs in again after it. */
export const SESSION_TTL_SEC = 8 * 3600;

interface SessionPayload {
  u: string;
  r: string[];
  exp: number;
}

export function setSessionCookie(reply: FastifyReply, user: Pick<DashboardUser, 'username' | 'roles'>, secure: boolean, now = Date.now()): void {
  const payload: SessionPayload = { u: user.username, r: user.roles, exp: Math.floor(now / 1000) + SESSION_TTL_SEC };
  reply.setCookie(SESSION_COOKIE, Buffer.from(JSON.stringify(payload)).toString('base64url'), {
    signed: true, httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: SESSION_TTL_SEC,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The user of a valid, unexpired session cookie, else null (a tampered or expired cookie is no session). */
export function readSessionCookie(request: FastifyRequest, now = Date.now()): DashboardUser | null {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  let payload: SessionPayload;
  try {
    payload = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as SessionPayload;
  } catch {
    return null;
  }
  if (typeof payload.u !== 'string' || !Array.isArray(payload.r) || typeof payload.exp !== 'number') return null;
  if (payload.exp * 1000 <= now) return null;
  const roles = payload.r.filter((r): r is DashboardUser['roles'][number] => typeof r === 'string' && isRole(r));
  return { username: payload.u, roles, actor: `dashboard:${payload.u}` };
}
