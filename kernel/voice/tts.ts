/**
 * Spoken replies with espeak-ng: synthesise to a WAV, then play it with aplay or paplay when one
 * is installed (CLI, Electron) or hand the WAV back as base64 for the page to play (browser mode).
 * The text goes to espeak-ng on stdin, never on the command line, so it cannot become an option.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VoiceError } from './errors.js';
import { runProgram, which } from './process.js';

export interface SpeakResult {
  ok: boolean;
  /** What happened: played with which program, or why not. */
  detail: string;
  played: boolean;
  wavBase64?: string;
}

interface SpeakOptions {
  /** Play on this machine's speakers when a player exists. */
  play?: boolean;
  /** Return the WAV as base64. */
  returnWav?: boolean;
  voice?: string;
  wordsPerMinute?: number;
}

/** Written text → what espeak should read (cards and symbols are not for reading aloud). */
function speakable(text: string): string {
  return text.replace(/[`*_#>|]+/g, ' ').replace(/https?:\/\/\S+/g, 'a link').replace(/\s+/g, ' ').trim().slice(0, 1000);
}

async function synthesize(text: string, options: SpeakOptions = {}): Promise<Buffer> {
  const espeak = which('espeak-ng') ?? which('espeak');
  if (!espeak) throw new VoiceError('engine_unavailable', 'Spoken replies need espeak-ng, which is not installed.', 'Install it (sudo apt-get install espeak-ng) or set voice.tts to browser.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-tts-'));
  try {
    const wav = path.join(dir, 'reply.wav');
    const args = ['--stdin', '-w', wav, '-v', options.voice ?? 'en-us', '-s', String(options.wordsPerMinute ?? 165)];
    const r = await runProgram(espeak, args, { input: speakable(text), timeoutMs: 30_000 });
    if (r.code !== 0 || !fs.existsSync(wav)) throw new VoiceError('engine_failed', `espeak-ng failed (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`, 'Check the installation: espeak-ng "hello"');
    return fs.readFileSync(wav);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function speak(text: string, options: SpeakOptions = {}): Promise<SpeakResult> {
  if (!speakable(text)) return { ok: false, played: false, detail: 'Nothing to say.' };
  const wav = await synthesize(text, options);
  let played = false;
  let detail = 'Synthesised with espeak-ng.';
  if (options.play) {
    const player = which('paplay') ?? which('aplay');
    if (player) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-play-'));
      try {
        const file = path.join(dir, 'reply.wav');
        fs.writeFileSync(file, wav);
        const r = await runProgram(player, path.basename(player) === 'aplay' ? ['-q', file] : [file], { timeoutMs: 120_000 });
        played = r.code === 0;
        detail = played ? `Played with ${path.basename(player)}.` : `${path.basename(player)} could not play it (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } else detail = 'No audio player (aplay or paplay) is installed; install alsa-utils or pulseaudio-utils to hear replies.';
  }
  return { ok: true, played, detail, ...(options.returnWav ? { wavBase64: wav.toString('base64') } : {}) };
}
