/** `agentos skill pack DIR [--out FILE] [--key NAME]`: digest list (+ signature) and a .tgz of a skill folder. */
import fs from 'node:fs';
import path from 'node:path';
import { resolveProfileDir } from '../../../kernel/profile/index.js';
import { loadManifest } from '../../../kernel/skills/index.js';
import { DIGEST_FILE, loadPrivateKey, packDir, signDir, writeDigestList } from '../../../kernel/packages/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { green, red } from '../io.js';

const usage = 'agentos skill pack DIR [--out FILE.tgz] [--key NAME] [--json]';

export const command: CliCommand = {
  name: 'skill pack',
  summary: 'write a skill folder\'s digest list (SHA-256 of every file) and a .tgz package (beside the folder, or --out)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const dir = positionals[0];
    if (!dir || positionals.length > 1) throw new UsageError(`Give exactly one skill folder.\nUsage: ${usage}`);
    const loaded = loadManifest(path.resolve(dir));
    if (!loaded.ok) {
      io.err(red(`${dir} is not a valid skill: ${loaded.errors.join('; ')}`));
      return EXIT.error;
    }
    const m = loaded.manifest;
    let signedBy: string | null = null;
    let files: number;
    if (values.key) {
      const { key, info } = loadPrivateKey(resolveProfileDir(), values.key);
      files = Object.keys(signDir(path.resolve(dir), key, info).digests).length;
      signedBy = info.id;
    } else {
      files = Object.keys(writeDigestList(path.resolve(dir)).digests).length;
    }
    // beside the skill folder unless --out says otherwise: never into the current folder by surprise
    const out = path.resolve(values.out ?? path.join(path.dirname(path.resolve(dir)), `${m.id}-${m.version}.tgz`));
    await packDir(path.resolve(dir), out);
    const digestsOut = out.replace(/\.(tgz|tar\.gz)$/, '') + '.digests';
    fs.copyFileSync(path.join(path.resolve(dir), DIGEST_FILE), digestsOut);
    if (values.json) io.out(JSON.stringify({ archive: out, digests: digestsOut, files, signedBy }));
    else io.out(`${green('✓')} ${out} (${files} files${signedBy ? `, signed by ${signedBy}` : ', not signed'})\n  digest list: ${digestsOut}`);
    return EXIT.ok;
  },
};
