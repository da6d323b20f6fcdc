/**
 * The two spoken sets behind "voice you can trust" (issue 24): commands phrased differently from the
 * skills' examples (intent = what was meant) and speech that is not a command at all (intent null:
 * prose written for this set, and sentences of the licence texts every Debian system ships under
 * /usr/share/common-licenses). Read by four espeak-ng voices at 150 and 175 words a minute.
 * Calibrates kernel/voice/command-check.ts (bench/voice/calibrate.ts) and feeds `agentos eval voice`.
 *
 *   npx tsx bench/voice/trust-set.ts --out DIR [--licence N] [--per-sentence N]   → DIR/commands, DIR/other
 *
 * Each sentence is read `--per-sentence` times (default 2), the voice and speed rotating.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { synthesizeSet } from './make-set.js';

/**
 * New phrasings, none of them a skill example when written. Since then four of the first batch have
 * become examples ("show me all my reminders", "open the calculator app", "how much memory is free",
 * "which programs are using the most cpu") and one is misread even typed ("what notes have I got" →
 * notes.search; "what can I ask you" was too, until the help skill's templates covered it); they are
 * kept so that figures stay comparable across runs.
 */
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
  // Second batch (2026-12-05): every skill, paths and web addresses as written, more arithmetic.
  ["put a note down that the car needs new tyres", "notes.add"],
  ["note that the keys are in the drawer", "notes.add"],
  ["write down that the meeting moved to friday", "notes.add"],
  ["add buy batteries to my notes", "notes.add"],
  ["let me see my notes", "notes.list"],
  ["show me what notes I have", "notes.list"],
  ["look through my notes for the wifi code", "notes.search"],
  ["do I have a note about the boiler", "notes.search"],
  ["delete the note about the plumber", "notes.delete"],
  ["remove my note on the dentist", "notes.delete"],
  ["remind me tomorrow at nine to call mum", "reminder.add"],
  ["set a reminder for friday to pay the rent", "reminder.add"],
  ["remind me in an hour to stretch", "reminder.add"],
  ["give me a timer for three minutes", "timer.set"],
  ["set a ten minute timer", "timer.set"],
  ["which reminders do I have", "reminder.list"],
  ["tell me my reminders", "reminder.list"],
  ["delete the reminder about the rent", "reminder.cancel"],
  ["cancel my stretch reminder", "reminder.cancel"],
  ["what is ten percent off fifty", "calc.percent"],
  ["what is eighteen percent of two hundred", "calc.percent"],
  ["what is eight times seven", "calc.evaluate"],
  ["what is fifty minus twelve", "calc.evaluate"],
  ["calculate nine squared", "calc.evaluate"],
  ["what is the square root of eighty one", "calc.evaluate"],
  ["how many pounds is ten kilograms", "calc.convert"],
  ["convert thirty degrees celsius to fahrenheit", "calc.convert"],
  ["how many meters are in a mile", "calc.convert"],
  ["fire up the terminal", "apps.open"],
  ["open the text editor", "apps.open"],
  ["bring up firefox", "apps.open"],
  ["go to wikipedia.org", "apps.browse"],
  ["open github.com", "apps.browse"],
  ["visit example.com/docs", "apps.browse"],
  ["look up the weather in paris on the web", "apps.search"],
  ["search online for how to boil an egg", "apps.search"],
  ["find the pdf files in my downloads", "files.find"],
  ["look for files named invoice", "files.find"],
  ["open ~/Documents/notes.txt", "files.open"],
  ["open the file ~/Downloads/report.pdf", "files.open"],
  ["show me where ~/Downloads/setup.zip is", "files.reveal"],
  ["how much space is left on my disk", "system.disk"],
  ["is my hard drive full", "system.disk"],
  ["how much ram am I using", "system.memory"],
  ["how busy is the processor", "system.cpu"],
  ["what is the cpu load", "system.cpu"],
  ["how long since the last reboot", "system.uptime"],
  ["is the network up", "system.network"],
  ["which ip address do I have", "system.network"],
  ["how much charge is left", "system.battery"],
  ["is the laptop charging", "system.battery"],
  ["list the running programs", "system.processes"],
  ["what can you help me with", "help.capabilities"],
  ["how can I make a note", "help.howto"],
  ["who is Alice Chen", "knowledge.who"],
  ["what do you know about the Orion project", "knowledge.about"],
  ["remember that Bob is my brother", "knowledge.remember"],
  ["what have I been doing lately", "knowledge.recent"],
  ["check the kernel optimizer setup", "kernelopt.doctor"],
  ["list the kernel optimizer runs", "kernelopt.runs"],
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
  // Talk near the microphone that uses the skills' own words without asking for anything.
  'I was going to write a note about it but then I forgot all about it.',
  'My sister always reminds me about her birthday a week too early.',
  'The calculator on my old phone stopped working last year.',
  'We talked about the files for an hour and decided nothing at all.',
  'He never opens his email before lunch, which drives his boss mad.',
  'The timer on the oven has been broken since we moved in.',
  'I keep my notes in a paper notebook because I like the feel of it.',
  'The battery in my car died on the coldest morning of the year.',
  'She searched the whole house for her glasses and they were on her head.',
  'Memory is a funny thing, I can remember songs from thirty years ago.',
  'Nobody knows who left the window open in the meeting room last night.',
  'The network at the library is slow, so I usually work from home.',
  'Can you believe how expensive the tickets for the concert were?',
  'I wonder what the weather will be like when we get to the coast.',
  'My manager asked me to move the meeting, but I said no.',
  'Let me tell you about the time we got lost in the mountains.',
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
  const { values } = parseArgs({ options: { out: { type: 'string' }, licence: { type: 'string', default: '48' }, 'per-sentence': { type: 'string', default: '2' } } });
  const perExample = Number(values['per-sentence']);
  if (!values.out) {
    console.error('Usage: npx tsx bench/voice/trust-set.ts --out DIR [--licence N]');
    process.exit(1);
  }
  const commands = synthesizeSet(NEW_COMMANDS.map(([text, intent]) => ({ text, intent, source: 'new-phrasing' })), { out: path.join(values.out, 'commands'), perExample });
  const other = synthesizeSet(
    [...PROSE.map((text) => ({ text, intent: null, source: 'prose' })), ...licenceSentences(Number(values.licence)).map((text) => ({ text, intent: null, source: 'licence' }))],
    { out: path.join(values.out, 'other'), perExample },
  );
  // Both sets in one labels.jsonl, for `agentos eval voice --data DIR`.
  const both = ['commands', 'other'].flatMap((sub) =>
    fs.readFileSync(path.join(values.out!, sub, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.stringify({ ...(JSON.parse(l) as object), file: `${sub}/${(JSON.parse(l) as { file: string }).file}` })),
  );
  fs.writeFileSync(path.join(values.out, 'labels.jsonl'), `${both.join('\n')}\n`);
  console.log(`wrote ${commands} commands to ${values.out}/commands and ${other} non-commands to ${values.out}/other`);
}
