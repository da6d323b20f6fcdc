/**
 * `agentos phrasings [list] [--json]` and `agentos phrasings forget ID`: the phrasings this user
 * taught the kernel (a missed request they rephrased, a suggestion they picked, a result they
 * corrected), each with what it now means; forgetting one gives the words back to the kernel's
 * own understanding. The portal's settings show and forget the same list.
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { bold, dim, red } from '../io.js';
import type { Kernel } from '../../../kernel/index.js';
import type { LearnedPhrasing } from '../../../kernel/contracts/index.js';

const usage = 'agentos phrasings [list] [--json] | agentos phrasings forget ID';

const HOW: Record<LearnedPhrasing['how'], string> = { rephrase: 'rephrased as', suggestion: 'picked', correction: 'corrected to' };

/** What the phrasing now means in words: the intent's description and the skill's name (ids once the skill is gone). */
function meaning(kernel: Kernel, p: LearnedPhrasing): { meaning: string; skillName: string } {
  const manifest = kernel.registry.get(p.skill)?.manifest;
  return { meaning: manifest?.intents.find((i) => i.id === p.intent)?.description ?? `${p.skill}: ${p.intent}`, skillName: manifest?.name ?? p.skill };
}

export const command: CliCommand = {
  name: 'phrasings',
  summary: 'list the phrasings AgentOS learned from you (rephrasings, picked suggestions, corrections) and forget them',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const [action = 'list', id, ...extra] = positionals;
    if (extra.length > 0 || (action === 'list' && id !== undefined)) throw new UsageError(`Too many arguments: ${positionals.join(' ')}.\nUsage: ${usage}`);
    return withKernel(async (kernel) => {
      if (action === 'list') {
        const phrasings = kernel.phrasings.list().map((p) => ({ ...p, ...meaning(kernel, p) }));
        if (values.json) {
          io.out(JSON.stringify({ phrasings }));
          return EXIT.ok;
        }
        if (phrasings.length === 0) io.out('No learned phrasings yet. When a request is not understood and you rephrase it, AgentOS remembers what you meant.');
        for (const p of phrasings) {
          io.out(`${bold(`"${p.phrase}"`)} → ${p.meaning} ${dim(`(${p.skillName})`)}`);
          io.out(dim(`    ${HOW[p.how]} "${p.example}", used ${p.uses}×  ${p.id}`));
        }
        return EXIT.ok;
      }
      if (action === 'forget') {
        if (!id) throw new UsageError(`"phrasings forget" needs the id of a learned phrasing (see agentos phrasings).\nUsage: ${usage}`);
        // A unique prefix of the id is enough, as the list shows whole ids that are long to type.
        const matches = kernel.phrasings.list().filter((p) => p.id === id || p.id.startsWith(id));
        const target = matches.find((p) => p.id === id) ?? (matches.length === 1 ? matches[0] : undefined);
        if (!target || !kernel.phrasings.remove(target.id)) {
          const why = matches.length > 1 ? `"${id}" is the start of ${matches.length} ids: give more of it` : `No learned phrasing has the id "${id}"`;
          io.err(red(`${why}. See the ids with: agentos phrasings`));
          return EXIT.error;
        }
        io.out(`forgot "${target.phrase}" (it meant ${meaning(kernel, target).meaning})`);
        return EXIT.ok;
      }
      throw new UsageError(`Unknown action "${action}".\nUsage: ${usage}`);
    });
  },
};
