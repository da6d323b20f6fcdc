/** HTTP(S) to granted hosts only, made by the kernel on a skill's behalf (`ctx.net`). */
import type { NetCapability } from '../contracts/index.js';
import { CapabilityDenied } from './denied.js';

function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === '*' || p === host || (p.startsWith('*.') && (host === p.slice(2) || host.endsWith(p.slice(1)))));
}

export function createNetCapability(hosts: readonly string[]): NetCapability {
  return {
    async fetch(url, init = {}) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new CapabilityDenied(`"${url}" is not a valid URL`);
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new CapabilityDenied(`only http(s) URLs can be fetched, not ${parsed.protocol}`);
      if (!hostAllowed(parsed.hostname, hosts)) throw new CapabilityDenied(`network access to ${parsed.hostname} is not granted (granted: ${hosts.join(', ')})`);
      const res = await fetch(parsed, {
        method: init.method ?? 'GET',
        headers: init.headers,
        body: init.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
      });
      const body = await res.text();
      return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: body.slice(0, 10_000_000) };
    },
  };
}
