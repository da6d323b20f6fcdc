/**
 * WAV (RIFF) decoding and encoding. Decodes PCM at any rate and channel count — 8-bit unsigned,
 * 16/24/32-bit signed integer and 32/64-bit float, plain or WAVE_FORMAT_EXTENSIBLE — into float
 * channels in [-1, 1]; every malformed file gets a VoiceError that says what is wrong with it.
 */
import { VoiceError } from './errors.js';
import { notWavError, waveFormatName } from './sniff.js';

interface DecodedAudio {
  sampleRate: number;
  /** One Float32Array per channel, samples in [-1, 1]. */
  channels: Float32Array[];
  bitsPerSample: number;
  format: 'int' | 'float';
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

const TO_PCM16 = 'ffmpeg -i in.wav -ar 16000 -ac 1 -c:a pcm_s16le out.wav';
const corrupt = (why: string) =>
  new VoiceError('corrupt_audio', `The audio is not a valid WAV file: ${why}.`, `Record again, or convert it: ${TO_PCM16}`);

export function decodeWav(buf: Buffer): DecodedAudio {
  if (buf.length === 0) throw new VoiceError('empty_audio', 'The audio file is empty (0 bytes).', 'Record again: nothing was captured.');
  const looksRiff = buf.toString('latin1', 0, Math.min(4, buf.length)) === 'RIFF'.slice(0, Math.min(4, buf.length));
  if (buf.length < 12 && looksRiff) throw new VoiceError('truncated_audio', `The audio file is truncated: only ${buf.length} bytes, less than a WAV header.`, 'Record or copy the file again.');
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') throw notWavError(buf);
  let offset = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number; blockAlign: number } | undefined;
  let data: Buffer | undefined;
  let truncated = false;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const start = offset + 8;
    const end = start + size;
    if (end > buf.length) truncated = true;
    const body = buf.subarray(start, Math.min(end, buf.length));
    if (id === 'fmt ') {
      if (body.length < 16) throw corrupt('the "fmt " chunk is shorter than 16 bytes');
      let format = body.readUInt16LE(0);
      if (format === FORMAT_EXTENSIBLE && body.length >= 26) format = body.readUInt16LE(24);
      fmt = { format, channels: body.readUInt16LE(2), rate: body.readUInt32LE(4), blockAlign: body.readUInt16LE(12), bits: body.readUInt16LE(14) };
    } else if (id === 'data') {
      data = body;
      if (end > buf.length) break;
    }
    offset = end + (size % 2);
  }
  if (!fmt) throw corrupt('it has no "fmt " chunk');
  if (!data) {
    if (truncated) throw new VoiceError('truncated_audio', 'The WAV file is truncated before its audio data.', 'Record or copy the file again.');
    throw corrupt('it has no "data" chunk');
  }
  const { format, channels, rate, bits } = fmt;
  if (channels < 1 || channels > 32) throw corrupt(`it declares ${channels} channels`);
  if (rate < 4000 || rate > 384_000) throw new VoiceError('unsupported_audio', `The WAV file's sample rate ${rate} Hz is not supported (4,000–384,000 Hz).`, `Convert it: ${TO_PCM16}`);
  const isInt = format === FORMAT_PCM && [8, 16, 24, 32].includes(bits);
  const isFloat = format === FORMAT_FLOAT && (bits === 32 || bits === 64);
  if (!isInt && !isFloat) {
    const what = format === FORMAT_PCM ? `${bits}-bit PCM` : format === FORMAT_FLOAT ? `${bits}-bit float` : `${waveFormatName(format)}-encoded audio`;
    throw new VoiceError('unsupported_audio', `The WAV file holds ${what}; AgentOS reads WAV with PCM 8/16/24/32-bit or float 32/64-bit samples.`, `Convert it: ${TO_PCM16}`);
  }
  const bytes = bits / 8;
  const frameBytes = bytes * channels;
  const frames = Math.floor(data.length / frameBytes);
  if (truncated && frames === 0) throw new VoiceError('truncated_audio', 'The WAV file is truncated: its data chunk holds no complete sample.', 'Record or copy the file again.');
  if (frames === 0) throw new VoiceError('empty_audio', 'The WAV file contains no audio samples.', 'Record again: nothing was captured.');
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const p = f * frameBytes + c * bytes;
      let v: number;
      if (isFloat) v = bits === 32 ? data.readFloatLE(p) : data.readDoubleLE(p);
      else if (bits === 8) v = (data[p]! - 128) / 128;
      else if (bits === 16) v = data.readInt16LE(p) / 32768;
      else if (bits === 24) v = data.readIntLE(p, 3) / 8_388_608;
      else v = data.readInt32LE(p) / 2_147_483_648;
      if (!Number.isFinite(v)) throw corrupt(`sample ${f} is not a finite number`);
      out[c]![f] = v;
    }
  }
  return { sampleRate: rate, channels: out, bitsPerSample: bits, format: isFloat ? 'float' : 'int' };
}

/** 16-bit PCM mono WAV: what the engines and the spoken-reply player read. */
export function encodeWav16(samples: Float32Array, sampleRate: number): Buffer {
  const buf = Buffer.alloc(44 + samples.length * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + samples.length * 2, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(FORMAT_PCM, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    buf.writeInt16LE(Math.round(s < 0 ? s * 32768 : s * 32767), 44 + i * 2);
  }
  return buf;
}

/** Little-endian int16 PCM (as the portal sends it, base64-decoded) → float samples. */
export function pcm16ToFloat(pcm: Buffer): Float32Array {
  if (pcm.length % 2 !== 0) throw new VoiceError('truncated_audio', 'The PCM audio has an odd number of bytes: the last sample is cut.', 'Send whole 16-bit samples.');
  const out = new Float32Array(pcm.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = pcm.readInt16LE(i * 2) / 32768;
  return out;
}
