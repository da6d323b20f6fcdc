/**
 * The Content-Security-Policy of the portal, built in one place so browser mode (an HTTP header)
 * and Electron (a header on the custom protocol) apply the same policy, and a unit test can pin
 * it: scripts and styles only from our own origin, no eval, no inline script, no remote anything.
 */

export interface CspOptions {
  /** Extra sources the page may connect to, e.g. the browser-mode WebSocket `ws://127.0.0.1:PORT`. */
  connect?: readonly string[];
}

/** Sources must be plain origins or keywords: a stray `;` or space would inject a directive. */
function checkSource(source: string): string {
  if (!/^(ws|wss|http|https|agentos):\/\/[A-Za-z0-9.\-[\]:]+$/.test(source)) throw new Error(`CSP source "${source}" is not a plain origin`);
  return source;
}

export function buildCsp(options: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    // React sets styles through the CSSOM (element.style), which CSP does not block; no inline <style>.
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(options.connect ?? []).map(checkSource)],
    'media-src': ["'self'", 'blob:', 'data:'],
    // The voice engineer's AudioWorklet module is served from 'self'.
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Security headers sent with every browser-mode response. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'microphone=(self), camera=(), geolocation=(), usb=(), serial=(), bluetooth=()',
  };
}
