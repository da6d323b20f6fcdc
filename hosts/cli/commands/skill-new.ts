/** `agentos skill new NAME [--dir PARENT] [--kind module|instructions]`: scaffold a community skill with a test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { dim, green } from '../io.js';
import { scaffoldFiles, type ScaffoldKind } from '../scaffold.js';

const usage = 'agentos skill new NAME [--dir PARENT] [--kind module|instructions] [--publisher NAME] [--json]';
const ID = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

export const command: CliCommand = {
  name: 'skill new',
  summary: 'scaffold a community skill (manifest, handler and a test, or a SKILL.md) in a new folder',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { dir: { type: 'string' }, kind: { type: 'string' }, publisher: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new UsageError(`Give the new skill's id, e.g. agentos skill new weather-report.\nUsage: ${usage}`);
    if (!ID.test(id)) throw new UsageError(`"${id}" is not a skill id: use 2-64 lower-case letters, digits or "-" (e.g. weather-report).\nUsage: ${usage}`);
    const kind = (values.kind ?? 'module') as ScaffoldKind;
    if (kind !== 'module' && kind !== 'instructions') throw new UsageError(`--kind must be module or instructions, not "${values.kind}" (an MCP server skill is described in docs/skills.md).\nUsage: ${usage}`);
    const parent = path.resolve(values.dir ?? '.');
    if (!fs.existsSync(parent)) throw new UsageError(`The folder ${parent} does not exist: create it, or give another --dir.`);
    const dir = path.join(parent, id);
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new UsageError(`${dir} already exists and is not empty: pick another NAME or --dir (nothing was written).`);
    const files = scaffoldFiles(id, kind, values.publisher ?? (os.userInfo().username || 'you'));
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text, { flag: 'wx' });
    if (values.json) io.out(JSON.stringify({ dir, kind, files: Object.keys(files) }));
    else {
      io.out(`${green('✓')} ${dir}: ${Object.keys(files).join(', ')}`);
      io.out(dim(kind === 'module' ? `Next: cd ${dir} && node --test, then agentos skill install ${dir} --yes and agentos "greet Ada"` : `Next: edit SKILL.md, then agentos skill install ${dir} --yes`));
    }
    return EXIT.ok;
  },
};
