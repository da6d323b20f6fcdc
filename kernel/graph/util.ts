/** Small helpers both graph backends share: name keys, ids and times. */
import { randomUUID } from 'node:crypto';

/** The key a name or alias is matched by: case-, space- and accent-insensitive ("  Bob " → "bob"). */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .replace(/^[\s"'“”‘’.,;:!?()]+|[\s"'“”‘’.,;:!?()]+$/g, '')
    .trim();
}

/** A short random id with a kind prefix (`e…` entity, `f…` fact). */
export function newId(prefix: string): string {
  return prefix + randomUUID().replace(/-/g, '').slice(0, 20);
}

export const isoNow = (): string => new Date().toISOString();

/** Tokens for a full-text query: words only, so user text cannot inject query syntax. */
export function queryTokens(text: string, max = 12): string[] {
  const words = nameKey(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length > 1 || /\d/.test(w)))].slice(0, max);
}

/** Aliases a name implies: a person "Alice Chen" is also "Alice" (resolution then picks among Alices). */
export function impliedAliases(type: string, name: string): string[] {
  if (type !== 'person') return [];
  const parts = name.trim().split(/\s+/);
  return parts.length >= 2 && /^\p{Lu}/u.test(parts[0]!) && parts[0]!.length > 1 ? [parts[0]!] : [];
}

/** Replaces every occurrence of the names (whole words, any case) with "[forgotten]", longest first. */
export function redactNames(text: string, names: readonly string[]): string {
  const sorted = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return text;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return text.replace(re, '[forgotten]');
}
