import { describe, expect, it } from 'vitest';
import { buildCsp, securityHeaders } from './csp.js';

describe('buildCsp', () => {
  it('allows scripts and styles only from our origin, never eval or inline script', () => {
    const csp = buildCsp({ connect: ['ws://127.0.0.1:4000'] });
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:4000']);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
    expect(directives['img-src']).not.toContain('http:');
  });

  it('refuses a connect source that would inject a directive', () => {
    expect(() => buildCsp({ connect: ["ws://x; script-src 'unsafe-eval'"] })).toThrow(/not a plain origin/);
    expect(() => buildCsp({ connect: ['*'] })).toThrow();
  });

  it('security headers carry the CSP and forbid framing and sniffing', () => {
    const h = securityHeaders('default-src none');
    expect(h['content-security-policy']).toBe('default-src none');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
  });
});
