/**
 * Fetching a whisper.cpp ggml model into the profile (voice/models), with progress, only when
 * the user asks (`agentos voice download MODEL`). Written to a .part file and renamed when whole
 * and checked (ggml magic), so a broken download never becomes the configured model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { VoiceError } from './errors.js';

export const WHISPER_MODELS = ['tiny', 'tiny.en', 'base', 'base.en', 'small', 'small.en', 'medium', 'medium.en', 'large-v1', 'large-v2', 'large-v3', 'large-v3-turbo'] as const;
const WHISPER_BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

interface DownloadProgress {
  received: number;
  total: number | undefined;
}

/** The first four bytes of a ggml model file ("ggml" as a little-endian uint32). */
export const GGML_MAGIC = 0x67676d6c;

export async function downloadWhisperModel(model: string, profileDir: string, options: { baseUrl?: string; onProgress?: (p: DownloadProgress) => void; timeoutMs?: number } = {}): Promise<string> {
  if (!(WHISPER_MODELS as readonly string[]).includes(model)) {
    throw new VoiceError('download_failed', `There is no whisper.cpp model called "${model}".`, `Choose one of: ${WHISPER_MODELS.join(', ')} (base.en is a good start: 142 MB).`);
  }
  const dir = path.join(profileDir, 'voice', 'models');
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `ggml-${model}.bin`);
  const part = `${target}.part`;
  const url = `${options.baseUrl ?? WHISPER_BASE_URL}/ggml-${model}.bin`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000), redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new VoiceError('offline', `Could not reach ${new URL(url).host} to download ${model} (${cause}): this machine seems to be offline.`, `Connect to the internet and retry, or copy ggml-${model}.bin here by hand and run: agentos settings set voice.whisperModel /path/to/ggml-${model}.bin`);
  }
  if (!res.ok || !res.body) throw new VoiceError('download_failed', `Downloading ${url} failed: HTTP ${res.status} ${res.statusText}.`, 'Check the model name and try again later.');
  const total = Number(res.headers.get('content-length')) || undefined;
  const out = fs.createWriteStream(part);
  let received = 0;
  try {
    for await (const chunk of Readable.fromWeb(res.body as WebReadableStream<Uint8Array>)) {
      received += (chunk as Buffer).length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      options.onProgress?.({ received, total });
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  } catch (error) {
    out.destroy();
    fs.rmSync(part, { force: true });
    throw new VoiceError('download_failed', `The download of ${model} broke off after ${received} bytes: ${(error as Error).message}.`, 'Run the same command again.');
  }
  if (total !== undefined && received !== total) {
    fs.rmSync(part, { force: true });
    throw new VoiceError('download_failed', `The download of ${model} is incomplete (${received} of ${total} bytes).`, 'Run the same command again.');
  }
  const head = Buffer.alloc(4);
  const fd = fs.openSync(part, 'r');
  fs.readSync(fd, head, 0, 4, 0);
  fs.closeSync(fd);
  if (received < 4 || head.readUInt32LE(0) !== GGML_MAGIC) {
    fs.rmSync(part, { force: true });
    throw new VoiceError('download_failed', `What was downloaded from ${url} is not a whisper.cpp ggml model.`, 'Check the model name; the file was discarded.');
  }
  fs.renameSync(part, target);
  return target;
}
