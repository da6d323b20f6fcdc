/** `agentos graph stats|export|import|sync`: the knowledge graph from the terminal. */
import fs from 'node:fs';
import path from 'node:path';
import { EventLog } from '../../../kernel/events/index.js';
import { ExportWriteError, GraphImportError, GraphIngestor, exportCypher, exportJsonl, importJsonl, loadNlp, openGraphStore, type GraphStore } from '../../../kernel/graph/index.js';
import { resolveProfileDir } from '../../../kernel/profile/index.js';
import { Settings } from '../../../kernel/settings/index.js';
import { openDatabase } from '../../../kernel/store/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { bold, dim, green, red } from '../io.js';

const usage = 'agentos graph stats [--json] | export [--format jsonl|cypher] [--graph NAME] FILE | import FILE | sync [--json]';

export const command: CliCommand = {
  name: 'graph',
  summary: 'the knowledge graph: counts, export (JSON lines or Cypher), import, catch up with the history',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, format: { type: 'string' }, graph: { type: 'string' } }, usage);
    const [action = 'stats', file] = positionals;
    if (!['stats', 'export', 'import', 'sync'].includes(action)) throw new UsageError(`Unknown action "${action}".\nUsage: ${usage}`);
    const format = values.format ?? (file?.endsWith('.cypher') ? 'cypher' : 'jsonl');
    if (format !== 'jsonl' && format !== 'cypher') throw new UsageError(`--format must be jsonl or cypher, not "${format}".\nUsage: ${usage}`);
    if ((action === 'export' || action === 'import') && !file) throw new UsageError(`"graph ${action}" needs a FILE.\nUsage: ${usage}`);
    // a missing file or folder is named with the fix, before the profile is opened (and not as a stream's stack trace)
    const target = file ? path.resolve(file) : '';
    if (action === 'export' && !fs.existsSync(path.dirname(target))) throw new UsageError(`Cannot export to ${target}: the folder ${path.dirname(target)} does not exist. Create it (mkdir -p ${path.dirname(target)}) or name a file in an existing folder.`);
    if (action === 'import' && !fs.statSync(target, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`Cannot import ${target}: there is no such file. Name a file written by "agentos graph export FILE".`);
    const db = openDatabase(resolveProfileDir());
    let store: GraphStore | undefined;
    try {
      store = await openGraphStore({ backend: new Settings(db).get('graph.backend'), db });
      if (action === 'stats') {
        const s = await store.stats();
        if (values.json) io.out(JSON.stringify(s));
        else {
          io.out(`${bold('Knowledge graph')} ${dim(`(${s.backend})`)}`);
          io.out(`  entities   ${s.entities}  ${dim(Object.entries(s.byType).map(([t, n]) => `${t} ${n}`).join(', '))}`);
          io.out(`  aliases    ${s.aliases}`);
          io.out(`  facts      ${s.facts} ${dim(`(${s.currentFacts} current)`)}`);
          io.out(`  episodes   ${s.episodes} ${dim(`(${s.skillCalls} skill calls, ${s.mentions} mentions)`)}`);
        }
      } else if (action === 'export') {
        const n = format === 'cypher' ? await exportCypher(store, target, values.graph ?? 'default') : await exportJsonl(store, target);
        io.out(`${green('✓')} wrote ${n} ${format === 'cypher' ? 'statements' : 'lines'} to ${target}`);
        if (format === 'cypher') io.out(dim(`Load it with: cypher-shell -a "$NEO4J_URI" -u "$NEO4J_USER" -p "$NEO4J_PASSWORD" -f ${target}`));
      } else if (action === 'import') {
        const counts = await importJsonl(store, target);
        io.out(values.json ? JSON.stringify(counts) : `${green('✓')} imported ${counts.entities} entities, ${counts.facts} facts, ${counts.episodes} episodes`);
      } else {
        loadNlp();
        const ingestor = await new GraphIngestor(store, new EventLog(db)).init();
        const n = await ingestor.catchUp(500);
        io.out(values.json ? JSON.stringify({ ingested: n }) : `${green('✓')} ingested ${n} request${n === 1 ? '' : 's'} from the history`);
      }
      return EXIT.ok;
    } catch (error) {
      if (error instanceof GraphImportError || error instanceof ExportWriteError) {
        io.err(red(error.message));
        return EXIT.error;
      }
      throw error;
    } finally {
      await store?.close();
      if (db.open) db.close();
    }
  },
};
