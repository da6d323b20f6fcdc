/** `agentos voice download`: a real HTTP download (local server) with the ggml check, and a clear offline error. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { downloadWhisperModel } from '../../kernel/voice/download.js';
import { tempDir } from '../kernel/helpers.js';

const capture = (): Io & { stdout: string[]; stderr: string[] } => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
};

describe('voice download', () => {
  let server: http.Server;
  let base: string;
  const model = Buffer.concat([Buffer.from([0x6c, 0x6d, 0x67, 0x67]), Buffer.alloc(300_000, 7)]);
  const saved = process.env.AGENTOS_HOME;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ggml-tiny.en.bin') {
        res.writeHead(200, { 'content-length': model.length });
        res.end(model);
      } else if (req.url === '/ggml-tiny.bin') res.end('<html>not a model</html>');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AGENTOS_HOME = tempDir();
  });
  afterAll(() => {
    server.close();
    process.env.AGENTOS_HOME = saved;
  });

  it('downloads with progress, checks the file and selects it', async () => {
    const io = capture();
    expect(await main(['voice', 'download', 'tiny.en', '--url', base], io)).toBe(0);
    const file = `${process.env.AGENTOS_HOME}/voice/models/ggml-tiny.en.bin`;
    expect(fs.readFileSync(file).equals(model)).toBe(true);
    expect(io.stderr.join('\n')).toMatch(/tiny\.en: .*100%/);
    const engines = capture();
    await main(['voice', 'engines', '--json'], engines);
    const whisper = (JSON.parse(engines.stdout[0]!) as { engines: { name: string; detail: string; missing?: string }[] }).engines[0]!;
    expect(whisper.missing ?? '').not.toMatch(/does not exist|download a model/);
  });

  it('refuses a file that is not a ggml model, an unknown name, and says clearly when offline', async () => {
    const home = tempDir();
    await expect(downloadWhisperModel('tiny', home, { baseUrl: base })).rejects.toMatchObject({ code: 'download_failed' });
    expect(fs.existsSync(`${home}/voice/models/ggml-tiny.bin`)).toBe(false);
    await expect(downloadWhisperModel('huge', home)).rejects.toMatchObject({ code: 'download_failed', message: expect.stringMatching(/no whisper.cpp model called "huge"/) });
    const io = capture();
    expect(await main(['voice', 'download', 'base.en', '--url', 'http://127.0.0.1:9'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/offline/);
  });
});
