/**
 * The result cache, in the profile (the skill's store): one record per (source hash, params,
 * shape, device, compiler). A changed source, harness or reference is a new key.
 */
import crypto from 'node:crypto';
import type { SkillStore } from '../../../kernel/contracts/index.js';
import { configKey } from '../search/strategy.js';
import type { Config, Shape } from '../spec/index.js';

export const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface CachedResult extends Record<string, unknown> {
  status: 'ok' | 'rejected' | 'slower';
  stage?: string;
  reason?: string;
  medianNs?: number;
  minNs?: number;
  spread?: number;
  iters?: number;
}

export class ResultCache {
  hits = 0;
  constructor(private readonly store: SkillStore, private readonly enabled = true) {}

  key(parts: { sourceHash: string; config: Config; shape: Shape | string; device: string; compiler: string }): string {
    return sha(JSON.stringify([parts.sourceHash, configKey(parts.config), parts.shape, parts.device, parts.compiler])).slice(0, 40);
  }

  async get(key: string, count = true): Promise<CachedResult | undefined> {
    if (!this.enabled) return undefined;
    const r = await this.store.get<CachedResult>('cache', key);
    if (r && count) this.hits++;
    return r?.doc;
  }

  async put(key: string, result: CachedResult): Promise<void> {
    if (!this.enabled) return;
    await this.store.put('cache', result, { id: key, text: `${result.status} ${result.stage ?? ''}` });
  }
}
