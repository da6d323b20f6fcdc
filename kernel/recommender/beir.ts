/**
 * Reads a BEIR-layout tool-retrieval set (corpus.jsonl, queries.jsonl, qrels/test.tsv and the
 * optional qrels/train.tsv history) with every line validated, so a malformed file is reported
 * with its name and line number rather than silently skewing the figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const CorpusLine = z.object({ _id: z.union([z.string(), z.number()]).transform(String), title: z.string().default(''), text: z.string().default('') });
const QueryLine = z.object({ _id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export interface BeirSet {
  corpus: BeirDoc[];
  queries: Map<string, string>;
  /** query id → relevant corpus ids (score > 0). */
  test: Map<string, Set<string>>;
  /** The user's history, when the set has one. */
  train: Map<string, Set<string>> | null;
}

export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  if (!fs.existsSync(file)) throw new DataError(`${file} is missing: a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/test.tsv`);
  const out: T[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new DataError(`${file}:${i + 1} is not valid JSON`);
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new DataError(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'} ${x.message}`).join('; ')}`);
      out.push(parsed.data);
    });
  return out;
}

function readQrels(file: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const cols = line.split('\t');
    if (i === 0 && cols[0] === 'query-id') return;
    if (cols.length < 2) throw new DataError(`${file}:${i + 1}: expected "query-id<TAB>corpus-id<TAB>score"`);
    const score = cols.length > 2 ? Number(cols[2]) : 1;
    if (!Number.isFinite(score)) throw new DataError(`${file}:${i + 1}: the score "${cols[2]}" is not a number`);
    if (score <= 0) return;
    const set = out.get(cols[0]!) ?? new Set<string>();
    set.add(cols[1]!.trim());
    out.set(cols[0]!, set);
  });
  return out;
}

export function loadBeir(dir: string): BeirSet {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DataError(`${dir} is not a folder: pass --data with a BEIR-layout folder`);
  const corpus = readJsonl(path.join(dir, 'corpus.jsonl'), CorpusLine).map((d) => ({ id: d._id, title: d.title, text: d.text }));
  const queries = new Map(readJsonl(path.join(dir, 'queries.jsonl'), QueryLine).map((q) => [q._id, q.text]));
  const testFile = path.join(dir, 'qrels', 'test.tsv');
  if (!fs.existsSync(testFile)) throw new DataError(`${testFile} is missing: the evaluation needs the test judgements`);
  const trainFile = path.join(dir, 'qrels', 'train.tsv');
  return { corpus, queries, test: readQrels(testFile), train: fs.existsSync(trainFile) ? readQrels(trainFile) : null };
}
