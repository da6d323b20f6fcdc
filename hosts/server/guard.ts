/**
 * Who may talk to the browser-mode server: only a page we served, on 127.0.0.1, holding the
 * per-launch token. Checks the Host header (DNS rebinding), the Origin header (other web pages)
 * and the token (other local users and programs), in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { safeText } from '../../kernel/sdk/index.js';

export const TOKEN_COOKIE = 'agentos_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

type Refusal = { status: 400 | 403 | 401; reason: string };

interface GuardOptions {
  port: number;
  token: string;
}

/** The origins our own page has: what the Host and Origin headers must say. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Returns why a request is refused, or undefined when it may proceed.
 * `requireQueryToken`: the WebSocket must carry the token itself, not only the cookie.
 */
export function checkRequest(req: Pick<IncomingMessage, 'headers' | 'url'>, { port, token }: GuardOptions, requireQueryToken = false): Refusal | undefined {
  const hosts = allowedHosts(port);
  const host = req.headers.host;
  // What the client sent is echoed only cut short and without control characters.
  if (!host || !hosts.includes(host)) return { status: 403, reason: `unexpected Host header "${safeText(host ?? '', { max: 80 })}"` };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return { status: 403, reason: `foreign Origin "${safeText(origin, { max: 80 })}"` };
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${host}`);
  } catch {
    return { status: 400, reason: 'malformed URL' };
  }
  const fromQuery = url.searchParams.get('token');
  const ok = sameToken(fromQuery, token) || (!requireQueryToken && sameToken(cookieToken(req.headers.cookie), token));
  if (!ok) return { status: 401, reason: 'missing or wrong token: open the exact URL AgentOS printed' };
  return undefined;
}
