/**
 * The portable graph file: JSON lines, a header then entities, facts and episodes. Export streams
 * from any GraphStore; import validates every line with zod first (an error names the line and
 * the field), checks references, then writes all-or-nothing in one transaction.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { writeLinesAtomically } from './write-lines.js';
import { ENTITY_TYPES, type GraphRecord, type GraphStore, type ImportCounts } from './types.js';

const iso = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, 'must be an ISO 8601 date-time, e.g. 2025-01-31T09:00:00.000Z');
const id = z.string().min(1).max(200);
const nullable = <T extends z.ZodTypeAny>(t: T) => t.nullable();

export const GraphRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('header'), format: z.literal('agentos-graph'), version: z.literal(1), exportedAt: iso }).strict(),
  z
    .object({
      kind: z.literal('entity'),
      id,
      type: z.enum(ENTITY_TYPES),
      name: z.string().min(1).max(1000),
      aliases: z.array(z.string().min(1).max(1000)).max(1000),
      attrs: z.record(z.string(), z.unknown()),
      createdAt: iso,
      updatedAt: iso,
      lastSeen: nullable(iso),
    })
    .strict(),
  z
    .object({
      kind: z.literal('fact'),
      id,
      subjectId: id,
      predicate: z.string().min(1).max(200),
      objectId: nullable(id),
      value: nullable(z.string().max(10_000)),
      text: z.string().max(10_000),
      validFrom: nullable(iso),
      validTo: nullable(iso),
      recordedAt: iso,
      invalidatedAt: nullable(iso),
      episodeId: nullable(id),
    })
    .strict()
    .refine((f) => f.objectId !== null || f.value !== null, { message: 'a fact needs an objectId or a value', path: ['objectId'] }),
  z
    .object({
      kind: z.literal('episode'),
      id,
      at: iso,
      text: z.string().max(100_000),
      source: nullable(z.string().max(100)),
      sessionId: nullable(z.string().max(200)),
      status: z.string().min(1).max(50),
      calls: z.array(
        z.object({ step: z.number().int().min(0), skill: z.string().min(1).max(200), intent: z.string().min(1).max(200), slots: z.record(z.string(), z.unknown()), outcome: z.string().max(50), durationMs: z.number().min(0) }).strict(),
      ),
      mentions: z.array(id),
    })
    .strict(),
]);

export class GraphImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}, line ${line}${field ? `, field "${field}"` : ''}: ${detail}. Nothing was imported; fix the line and run the import again.`);
    this.name = 'GraphImportError';
  }
}

/** Writes the whole graph as JSON lines; returns the number of records written. */
export async function exportJsonl(store: GraphStore, file: string): Promise<number> {
  return writeLinesAtomically(file, (async function* () {
    for await (const record of store.exportRecords()) yield JSON.stringify(record);
  })());
}

/**
 * The lines of a JSON-lines stream, split on "\n" only (a "\r" before it dropped). Not readline:
 * from Node 24 it also ends lines at U+2028 and U+2029, which JSON strings may hold unescaped.
 */
async function* jsonLines(input: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of input) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const line of parts) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/** Reads and validates every line; throws GraphImportError on the first bad one. */
export async function readJsonl(file: string): Promise<{ line: number; record: GraphRecord }[]> {
  const records: { line: number; record: GraphRecord }[] = [];
  const lines = jsonLines(fs.createReadStream(file, { encoding: 'utf8' }));
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new GraphImportError(file, n, '', `not valid JSON (${(error as Error).message})`);
    }
    const parsed = GraphRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new GraphImportError(file, n, issue.path.join('.'), issue.message);
    }
    const record = parsed.data as GraphRecord;
    if (record.kind === 'header' && n !== 1 && records.length > 0) throw new GraphImportError(file, n, 'kind', 'the header must be the first line');
    records.push({ line: n, record });
  }
  return records;
}

/** Entity references that are neither in the file (earlier lines) nor in the store. */
async function checkReferences(store: GraphStore, file: string, records: { line: number; record: GraphRecord }[]): Promise<void> {
  const inFile = new Set<string>();
  const known = async (id: string) => inFile.has(id) || (await store.getEntity(id)) !== undefined;
  for (const { line, record: r } of records) {
    if (r.kind === 'entity') inFile.add(r.id);
    if (r.kind === 'fact') {
      if (!(await known(r.subjectId))) throw new GraphImportError(file, line, 'subjectId', `"${r.subjectId}" is not an entity defined earlier in the file or in the graph`);
      if (r.objectId !== null && !(await known(r.objectId))) throw new GraphImportError(file, line, 'objectId', `"${r.objectId}" is not an entity defined earlier in the file or in the graph`);
    }
    if (r.kind === 'episode') {
      for (const [i, m] of r.mentions.entries()) if (!(await known(m))) throw new GraphImportError(file, line, `mentions.${i}`, `"${m}" is not an entity defined earlier in the file or in the graph`);
    }
  }
}

export async function importJsonl(store: GraphStore, file: string): Promise<ImportCounts> {
  const records = await readJsonl(file);
  await checkReferences(store, file, records);
  return store.importRecords(records.map((r) => r.record));
}
