import { describe, expect, it } from 'vitest';
import { expandTemplate } from './template-expand.js';

describe('template expansion', () => {
  it('expands alternatives, optional parts, rules and keeps slots', () => {
    const out = expandTemplate('(add|make) [a] note {text}', {}, 100).map((p) => p.map((x) => (typeof x === 'string' ? x : `{${x.slot}}`)).join(' '));
    expect(out.sort()).toEqual(['add a note {text}', 'add note {text}', 'make a note {text}', 'make note {text}']);
    const ruled = expandTemplate('<what> {x}', { what: "(what is|what's)" }, 100).map((p) => p.filter((x) => typeof x === 'string').join(' '));
    expect(ruled.sort()).toEqual(['what is', "what's"]);
  });
});
