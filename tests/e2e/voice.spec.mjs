// Push-to-talk in a real browser: Chromium's fake microphone plays a WAV of "what is twelve times
// eleven" (espeak-ng + sox, 16 kHz mono, padded with silence); holding the voice button records
// it through the AudioWorklet (served from our origin under the CSP), the level meter moves, the
// release transcribes it in the kernel, the transcript can be edited, and running it answers 132.
// When the kernel is unsure it heard a command, even a question comes back as a read-back ("I heard:
// … — do it?", kernel/voice/read-back.ts) whose Yes runs it: either way the answer is 132.
/* global document -- functions passed to page.waitForFunction run in the browser */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assert, launchChromium, openPortal } from './helpers.mjs';

/** Synthesises the utterance; returns the WAV path and its length in seconds, or why it cannot. */
function makeWav(dir, text) {
  const raw = path.join(dir, 'raw.wav');
  const wav = path.join(dir, 'utterance.wav');
  try {
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text], { stdio: 'pipe' });
    execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', '0.5', '0.5'], { stdio: 'pipe' });
    const seconds = Number(execFileSync('soxi', ['-D', wav], { encoding: 'utf8' }).trim());
    return { wav, seconds };
  } catch (error) {
    return { why: `espeak-ng and sox are needed to synthesise the microphone input (apt-get install espeak-ng sox): ${String(error.message ?? error).split('\n')[0]}` };
  }
}

export const tests = [
  {
    name: 'push-to-talk records, shows an editable transcript and runs it (132)',
    async run({ server, artifacts }) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-voice-e2e-'));
      const made = makeWav(dir, 'what is twelve times eleven');
      if (made.why) return { skip: made.why };
      const browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${made.wav}`, '--autoplay-policy=no-user-gesture-required']);
      const problems = [];
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
        await context.grantPermissions(['microphone'], { origin: new URL(server.url).origin });
        const page = await context.newPage();
        page.on('pageerror', (e) => problems.push(String(e)));
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        const shot = (name) => page.screenshot({ path: path.join(artifacts, `voice-${name}.png`) });
        await openPortal(page, server);
        await shot('idle');

        // Hold the button for one pass of the (looping) fake microphone file.
        const button = page.getByRole('button', { name: /Speak a request/ });
        await button.hover();
        await page.mouse.down();
        const meter = page.getByRole('meter', { name: 'Microphone level' });
        await meter.waitFor({ timeout: 5000 });
        await page.waitForFunction(() => Number(document.querySelector('[role="meter"]')?.getAttribute('aria-valuenow')) > 20, undefined, { timeout: 5000 });
        await page.waitForTimeout(900);
        await shot('listening');
        await page.waitForTimeout(Math.max(0, made.seconds * 1000 - 900 - 300));
        await page.mouse.up();

        // The transcript comes back for review, editable.
        const input = page.getByRole('textbox', { name: 'Transcript (edit before running)' });
        const note = page.locator('.voice-note');
        await Promise.race([input.waitFor({ timeout: 20_000 }), note.waitFor({ timeout: 20_000 })]).catch(async (e) => {
          await shot('FAILED');
          throw new Error(`no transcript (voice button: "${await page.locator('.voice-button').getAttribute('aria-label')}"): ${e.message.split('\n')[0]}`);
        });
        if (await note.isVisible()) {
          await shot('FAILED');
          throw new Error(`push-to-talk gave a notice instead of a transcript: ${await note.getAttribute('title')}`);
        }
        const heard = await input.inputValue();
        assert(/twelve|12/i.test(heard) && /eleven|11/i.test(heard) && /times|x|\*/i.test(heard), `transcript was "${heard}"`);
        assert(await input.isEditable(), 'the transcript is not editable');
        // Editing works: append a word and take it out again, so the spoken request is what runs.
        await input.press('End');
        await input.type(' please');
        assert((await input.inputValue()).endsWith(' please'), 'typing into the transcript did not change it');
        await input.fill(heard);
        await shot('transcript');

        const before = await page.locator('.msg.agent').count();
        await page.getByRole('group', { name: 'Transcript' }).getByRole('button', { name: /^(Run|Yes)$/ }).click();
        const answer = page.locator('.msg.agent').nth(before);
        await answer.locator('.agent-body:not(.pending)').waitFor({ timeout: 10_000 });
        const text = await answer.innerText();
        assert(/\b132\b/.test(text), `the answer does not contain 132: ${text}`);
        const user = await page.locator('.msg.user').last().innerText();
        assert(user.includes(heard.trim()), `the request sent was "${user}", not the transcript "${heard}"`);
        await shot('answer');
        assert(problems.length === 0, `page errors: ${problems.join('; ')}`);
        await context.close();
      } finally {
        await browser.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
