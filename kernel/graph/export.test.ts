/**
 * Export and import: JSON lines round trip (lossless), bad lines rejected with line and field
 * and nothing written, and the Cypher script checked by parsing its literals back and comparing
 * them with the graph (a Neo4j server is not available to the tests; see tests/graph/neo4j.conformance.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteGraphStore, cypherLiteral, exportCypher, exportJsonl, importJsonl, GraphImportError, type GraphStore } from './index.js';

const stores: GraphStore[] = [];
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-gexp-'));
const open = () => {
  const s = SqliteGraphStore.open(tmp());
  stores.push(s);
  return s;
};
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function sample(g: GraphStore) {
  const me = await g.upsertEntity({ type: 'person', name: 'me', attrs: { self: true } });
  const alice = await g.upsertEntity({ type: 'person', name: "Alice O'Neil", aliases: ['Ally "A" \\ B', 'line\nbreak'], attrs: { emoji: '🙂', nested: { a: [1, 2.5, null] } } });
  const acme = await g.upsertEntity({ type: 'organization', name: 'Acme `Corp`' });
  const f = await g.assertFact({ subjectId: alice.id, predicate: 'manager', objectId: me.id, text: "Alice's my manager\u2028(sep)", exclusive: 'object' });
  await g.invalidateFact(f.fact.id);
  await g.assertFact({ subjectId: alice.id, predicate: 'works_at', objectId: acme.id, text: 'Alice works at Acme', validFrom: '2024-01-01T00:00:00.000Z' });
  await g.assertFact({ subjectId: alice.id, predicate: 'phone', value: "+1 (555) 0100 'home'", text: 'phone' });
  await g.recordEpisodes([
    { id: 'ep1', at: '2025-01-02T10:00:00.000Z', text: 'email Alice about Acme', source: 'cli', sessionId: 'default', status: 'served', calls: [{ step: 1, skill: 'mail', intent: 'mail.send', slots: { to: "Alice O'Neil", n: 3 }, outcome: 'ok', durationMs: 1.25 }], mentions: [{ type: 'person', name: 'Alice' }, { type: 'organization', name: 'Acme `Corp`' }] },
  ]);
}

describe('graph export and import', () => {
  it('round-trips through JSON lines without loss', async () => {
    const a = open();
    await sample(a);
    const dir = tmp();
    const first = path.join(dir, 'a.jsonl');
    expect(await exportJsonl(a, first)).toBe(1 + 4 + 3 + 1);
    const b = open();
    expect(await importJsonl(b, first)).toEqual({ entities: 4, facts: 3, episodes: 1 });
    const second = path.join(dir, 'b.jsonl');
    await exportJsonl(b, second);
    const body = (f: string) => fs.readFileSync(f, 'utf8').split('\n').slice(1);
    expect(body(second)).toEqual(body(first));
    expect(await b.stats()).toEqual(await a.stats());
  });

  it('rejects a bad line naming the line and the field, and writes nothing', async () => {
    const a = open();
    await sample(a);
    const dir = tmp();
    const file = path.join(dir, 'a.jsonl');
    await exportJsonl(a, file);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const broken = JSON.parse(lines[6]!) as Record<string, unknown>;
    broken.recordedAt = 'last tuesday';
    lines[6] = JSON.stringify(broken);
    fs.writeFileSync(file, lines.join('\n'));
    const b = open();
    const error = await importJsonl(b, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphImportError);
    expect((error as GraphImportError).message).toMatch(/line 7, field "recordedAt": must be an ISO 8601 date-time/);
    expect((await b.stats()).entities).toBe(0);
    lines[6] = '{"kind":"fact", oops';
    fs.writeFileSync(file, lines.join('\n'));
    await expect(importJsonl(b, file)).rejects.toThrow(/line 7: not valid JSON/);
    const dangling = { ...JSON.parse(lines[5]!), id: 'fx', subjectId: 'ghost' };
    fs.writeFileSync(file, [lines[0], lines[1], JSON.stringify(dangling)].join('\n'));
    await expect(importJsonl(b, file)).rejects.toThrow(/line 3, field "subjectId": "ghost" is not an entity/);
    expect((await b.stats()).entities).toBe(0);
  });

  it('writes a Cypher script whose literals read back to exactly the graph', async () => {
    const a = open();
    await sample(a);
    const file = path.join(tmp(), 'g.cypher');
    const n = await exportCypher(a, file, 'home');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const statements = lines.filter((l) => !l.startsWith('//'));
    expect(statements).toHaveLength(n);
    for (const s of statements) expect(s).toMatch(/;$/);
    const rows = (kind: RegExp) => statements.filter((s) => kind.test(s)).flatMap((s) => parseCypher(/^UNWIND (.*) AS row /.exec(s)![1]!) as Record<string, unknown>[]);
    const entities = rows(/MERGE \(e:Entity/);
    const records: Record<string, unknown>[] = [];
    for await (const r of a.exportRecords()) records.push(r as unknown as Record<string, unknown>);
    const exported = (kind: string) => records.filter((r) => r.kind === kind);
    const readBack = entities.map((e) => ({ ...e, attrs: JSON.parse(e.attrs as string) as unknown }));
    for (const e of exported('entity')) {
      expect(readBack).toContainEqual(expect.objectContaining({ id: e.id, name: e.name, type: e.type, aliases: e.aliases, attrs: e.attrs, createdAt: e.createdAt, updatedAt: e.updatedAt, lastSeen: e.lastSeen }));
    }
    expect(entities).toHaveLength(4);
    const facts = rows(/CREATE \(s\)-\[r:FACT\]/);
    for (const f of exported('fact')) {
      const { kind: _k, ...fact } = f;
      expect(facts).toContainEqual(expect.objectContaining({ ...fact, g: 'home' }));
    }
    expect(facts.filter((f) => 'ftText' in f)).toHaveLength(2);
    const episodes = rows(/MERGE \(ep:Episode/);
    expect(episodes[0]).toMatchObject({ id: 'ep1', text: 'email Alice about Acme', calls: JSON.stringify((exported('episode')[0] as { calls: unknown }).calls) });
    expect(rows(/\[:MENTIONS\]/)).toHaveLength(2);
    expect(rows(/\[:CALLED/)).toHaveLength(1);
    expect(statements.filter((s) => /^CREATE (CONSTRAINT|INDEX|FULLTEXT INDEX)/.test(s))).toHaveLength(9);
  });

  it('writes Cypher literals that cannot break out of their string', () => {
    const nasty = "a'b\\c\nd\u0000e\u2029`} RETURN 1 //";
    expect(parseCypher(cypherLiteral({ s: nasty, 'odd key`': [1, -2.5, true, null] }))).toEqual({ s: nasty, 'odd key`': [1, -2.5, true, null] });
    // eslint-disable-next-line no-control-regex -- checking that no raw control character survives
    expect(cypherLiteral(nasty)).not.toMatch(/[\n\u0000\u2029]/);
  });
});

/** A small reader for the Cypher literal subset the exporter writes (maps, lists, strings, numbers, booleans, null). */
function parseCypher(src: string): unknown {
  let i = 0;
  const ws = () => {
    while (/\s/.test(src[i] ?? '')) i++;
  };
  const value = (): unknown => {
    ws();
    const c = src[i];
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (src[i] === ']') return i++, out;
      for (;;) {
        out.push(value());
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === ']') return i++, out;
        else throw new Error(`bad list at ${i}`);
      }
    }
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (src[i] === '}') return i++, out;
      for (;;) {
        ws();
        let key: string;
        if (src[i] === '`') {
          let k = '';
          i++;
          for (;;) {
            if (src[i] === '`' && src[i + 1] === '`') {
              k += '`';
              i += 2;
            }
            else if (src[i] === '`') break;
            else k += src[i++];
          }
          i++;
          key = k;
        } else {
          const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
          key = m[0];
          i += key.length;
        }
        ws();
        if (src[i++] !== ':') throw new Error(`expected : at ${i}`);
        out[key] = value();
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === '}') return i++, out;
        else throw new Error(`bad map at ${i}`);
      }
    }
    if (c === "'") {
      i++;
      let s = '';
      for (;;) {
        const ch = src[i++];
        if (ch === undefined) throw new Error('unterminated string');
        if (ch === "'") return s;
        // eslint-disable-next-line no-control-regex -- a raw control character would break the statement
        if (/[\n\r\u0000-\u001f\u2028\u2029]/.test(ch)) throw new Error('raw control character in a string');
        if (ch === '\\') {
          const e = src[i++]!;
          if (e === 'u') {
            s += String.fromCharCode(parseInt(src.slice(i, i + 4), 16));
            i += 4;
          }
          else s += ({ n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'" } as Record<string, string>)[e] ?? (() => { throw new Error(`bad escape \\${e}`); })();
        } else s += ch;
      }
    }
    const m = /^(null|true|false|-?\d+(\.\d+)?(e[+-]?\d+)?)/.exec(src.slice(i));
    if (!m) throw new Error(`unexpected "${src.slice(i, i + 20)}"`);
    i += m[0].length;
    return m[0] === 'null' ? null : m[0] === 'true' ? true : m[0] === 'false' ? false : Number(m[0]);
  };
  const v = value();
  ws();
  if (i !== src.length) throw new Error(`trailing text at ${i}: ${src.slice(i, i + 20)}`);
  return v;
}
