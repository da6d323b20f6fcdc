/**
 * The `agentos://app/` protocol: the built portal served from dist/renderer (never file://),
 * confined to that folder, with the same CSP as browser mode.
 */
import { StaticFiles, buildCsp, securityHeaders } from '../../hosts/server/index.js';
import { APP_SCHEME } from './security.js';
import type { ElectronApi, Session } from './electron-api.js';

/** Must run before the app is ready: the scheme behaves like https (secure context, fetch, CSP). */
export function registerScheme(electron: Pick<ElectronApi, 'protocol'>): void {
  electron.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

export function portalResponse(files: StaticFiles, url: string, method: string): Response {
  const headers = securityHeaders(buildCsp());
  if (method !== 'GET' && method !== 'HEAD') return new Response(null, { status: 405, headers });
  let pathname: string;
  try {
    const u = new URL(url);
    if (u.host !== 'app') return new Response('Not found', { status: 404, headers });
    pathname = u.pathname;
  } catch {
    return new Response('Bad request', { status: 400, headers });
  }
  const file = files.read(pathname);
  if (!file) return new Response('Not found', { status: 404, headers });
  return new Response(method === 'HEAD' ? null : new Uint8Array(file.body), { status: 200, headers: { ...headers, 'content-type': file.type } });
}

export function servePortal(session: Session, rendererDir: string): void {
  const files = new StaticFiles(rendererDir);
  session.protocol.handle(APP_SCHEME, (request) => portalResponse(files, request.url, request.method));
}
