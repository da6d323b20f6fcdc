/**
 * The two spoken sets behind "voice you can trust" (issue 24): commands phrased differently from the
 * skills' examples (intent = what was meant) and speech that is not a command at all (intent null:
 * prose written for this set, and sentences of the licence texts every Debian system ships under
 * /usr/share/common-licenses). Read by four espeak-ng voices at 150 and 175 words a minute.
 * Calibrates kernel/voice/command-check.ts (bench/voice/calibrate.ts) and feeds `agentos eval voice`.
 *
 *   npx tsx bench/voice/trust-set.ts --out DIR      → DIR/commands, DIR/other
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { synthesizeSet } from './make-set.js';

/** New phrasings: none of these is a skill example (checked by trust-set.test.ts). */
export const NEW_COMMANDS: [string, string][] = [
  ['jot down a note to take out the trash', 'notes.add'],
  ['make a note that the dentist is on monday', 'notes.add'],
  ['please add a note saying call the plumber', 'notes.add'],
  ['read me my notes', 'notes.list'],
  ['what notes have I got', 'notes.list'],
  ['search my notes for the plumber', 'notes.search'],
  ['get rid of the note about the trash', 'notes.delete'],
  ['remind me in twenty minutes to check the oven', 'reminder.add'],
  ['remind me to water the plants at six pm', 'reminder.add'],
  ['set a timer for five minutes', 'timer.set'],
  ['start a timer for twenty minutes', 'timer.set'],
  ['show me all my reminders', 'reminder.list'],
  ['cancel the oven reminder', 'reminder.cancel'],
  ['what is twenty five percent of eighty', 'calc.percent'],
  ['what is seven times nine', 'calc.evaluate'],
  ['how much is forty plus seventeen', 'calc.evaluate'],
  ['what is one hundred divided by four', 'calc.evaluate'],
  ['convert ten kilometers to miles', 'calc.convert'],
  ['how many centimeters is three inches', 'calc.convert'],
  ['open the calculator app', 'apps.open'],
  ['start firefox', 'apps.open'],
  ['search the web for cheap flights to rome', 'apps.search'],
  ['how full is my disk', 'system.disk'],
  ['how much memory is free', 'system.memory'],
  ['what is my battery level', 'system.battery'],
  ['how long has this machine been running', 'system.uptime'],
  ['which programs are using the most cpu', 'system.processes'],
  ['what is my computer doing', 'system.overview'],
  ['what can I ask you', 'help.capabilities'],
  ['how do I add a note', 'help.howto'],
  ['who is Bob', 'knowledge.who'],
  ['tell me about project Atlas', 'knowledge.about'],
  ['what did I do today', 'knowledge.recent'],
  ['find files called budget', 'files.find'],
  ['find my photos from last week', 'files.find'],
  ['what reminders are set', 'reminder.list'],
];

/** Prose that is not a command: narrative, chat, news-like and descriptive sentences. */
export const PROSE: string[] = [
  'The old man walked slowly down to the harbour and watched the boats come in.',
  'She had never seen so much snow in one winter, and the children loved it.',
  'It was a bright cold day in April, and the clocks were striking thirteen.',
  'We stayed at a small hotel near the station and ate dinner by the window.',
  'My brother thinks the new bakery makes the best bread in town.',
  'The meeting ran late because nobody could agree on the budget.',
  'After the rain stopped, the whole garden smelled of wet earth and roses.',
  'He told me the story twice, and it was funnier the second time.',
  'The train was crowded, so I stood by the door all the way home.',
  'Scientists believe the comet will pass close to the earth next spring.',
  'I think we should paint the kitchen yellow this summer.',
  'The dog barked at the postman every single morning for ten years.',
  'Honestly I could not tell whether she was joking or not.',
  'The river rose quickly after three days of heavy rain in the hills.',
  'Our neighbours are moving to the coast at the end of the month.',
  'They walked along the beach until the sun went down behind the cliffs.',
  'The museum was closed on Monday, so we went to the park instead.',
  'I remember the smell of my grandmother\'s kitchen on Sunday mornings.',
  'The football match was cancelled because of the storm.',
  'Every evening the lighthouse keeper climbed the stairs to light the lamp.',
  'You can see the mountains from the top floor on a clear day.',
  'Nobody expected the quiet student to win the chess tournament.',
  'The soup was too salty, but we were too hungry to care.',
  'In the morning the fog lay thick over the fields and the road.',
];

/** Sentences of the licence texts shipped with Debian (offline, not commands). */
export function licenceSentences(count: number): string[] {
  const out: string[] = [];
  for (const name of ['GPL-3', 'Apache-2.0', 'MPL-2.0', 'GFDL-1.3']) {
    const file = path.join('/usr/share/common-licenses', name);
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8').replace(/\s+/g, ' ');
    for (const s of text.split(/(?<=\.)\s+/)) {
      const words = s.split(' ').length;
      if (words >= 7 && words <= 18 && /^[A-Z][a-z]/.test(s) && !/[0-9"()[\]:;<>@/_]/.test(s)) out.push(s);
    }
  }
  // An even spread over all licences, not the first pages of one.
  const step = Math.max(1, Math.floor(out.length / count));
  return out.filter((_, i) => i % step === 0).slice(0, count);
}

const invoked = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('bench', 'voice', 'trust-set.ts'));
if (invoked) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, licence: { type: 'string', default: '24' } } });
  if (!values.out) {
    console.error('Usage: npx tsx bench/voice/trust-set.ts --out DIR [--licence N]');
    process.exit(1);
  }
  const commands = synthesizeSet(NEW_COMMANDS.map(([text, intent]) => ({ text, intent, source: 'new-phrasing' })), { out: path.join(values.out, 'commands') });
  const other = synthesizeSet(
    [...PROSE.map((text) => ({ text, intent: null, source: 'prose' })), ...licenceSentences(Number(values.licence)).map((text) => ({ text, intent: null, source: 'licence' }))],
    { out: path.join(values.out, 'other') },
  );
  // Both sets in one labels.jsonl, for `agentos eval voice --data DIR`.
  const both = ['commands', 'other'].flatMap((sub) =>
    fs.readFileSync(path.join(values.out!, sub, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.stringify({ ...(JSON.parse(l) as object), file: `${sub}/${(JSON.parse(l) as { file: string }).file}` })),
  );
  fs.writeFileSync(path.join(values.out, 'labels.jsonl'), `${both.join('\n')}\n`);
  console.log(`wrote ${commands} commands to ${values.out}/commands and ${other} non-commands to ${values.out}/other`);
}
