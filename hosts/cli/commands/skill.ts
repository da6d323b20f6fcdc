/** `agentos skill …`: the community-skill commands (pack, sign, install, remove, rollback, verify). */
import { EXIT, type CliCommand } from '../command.js';
import { bold } from '../io.js';

const usage = 'agentos skill new NAME | pack DIR | sign DIR | install SRC [--yes] | remove ID | rollback ID | verify [ID]';

export const command: CliCommand = {
  name: 'skill',
  summary: 'package, sign, install, verify, roll back and remove community skills',
  usage,
  async run(argv, io) {
    io.out(
      [
        bold('Community skills'),
        '  agentos skill new NAME [--dir PARENT] [--kind module|instructions]   scaffold a skill with a test',
        '  agentos skill pack DIR [--out FILE] [--key NAME]    write DIR\'s digest list (and signature) and a .tgz',
        '  agentos skill sign DIR [--key NAME]                  sign DIR\'s digest list with an Ed25519 key (agentos keys new)',
        '  agentos skill install SRC [--yes] [--ignore-scan] [--until DATE] [--accept-publisher KEY-ID] [--allow-overlap]',
        '                                                       from a folder, a .tgz, an https URL or a git URL',
        '  agentos skill verify [ID]                            check installed files against the lock',
        '  agentos skill rollback ID                            go back to the previous installed version',
        '  agentos skill remove ID [--yes] [--delete-data|--keep-data]',
      ].join('\n'),
    );
    return argv.length === 0 ? EXIT.ok : EXIT.error;
  },
};
