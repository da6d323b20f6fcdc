/**
 * What kind of audio file is this? Recognises the common formats by their magic bytes so that a
 * file we cannot decode (MP3, OGG, FLAC, M4A, WebM, AIFF, …) gets a message naming what it is and
 * the command that converts it, instead of "not a valid WAV file". Decoding stays WAV/raw PCM only:
 * the converters (ffmpeg, sox) are better at every other format than anything we would ship.
 */
import { VoiceError } from './errors.js';

export interface SniffedFormat {
  /** Human name, e.g. "MP3" or "Ogg Opus". */
  name: string;
  /** Usual file extension, used in the conversion command. */
  ext: string;
}

const ascii = (buf: Buffer, start: number, end: number) => (buf.length >= end ? buf.toString('latin1', start, end) : '');

/** The container/codec of a non-WAV file, or undefined when the bytes match nothing we know. */
export function sniffFormat(buf: Buffer): SniffedFormat | undefined {
  const head4 = ascii(buf, 0, 4);
  if (head4 === 'RIFF' && ascii(buf, 8, 12) !== 'WAVE') return { name: `a RIFF "${ascii(buf, 8, 12).trim() || '?'}" file (not WAVE)`, ext: 'riff' };
  if (head4 === 'RF64' || head4 === 'BW64') return { name: `${head4} (64-bit WAV)`, ext: 'wav' };
  if (ascii(buf, 0, 3) === 'ID3') return { name: 'MP3', ext: 'mp3' };
  if (head4 === 'OggS') {
    const first = buf.subarray(0, 80).toString('latin1');
    if (first.includes('OpusHead')) return { name: 'Ogg Opus', ext: 'opus' };
    if (first.includes('vorbis')) return { name: 'Ogg Vorbis', ext: 'ogg' };
    if (first.includes('FLAC')) return { name: 'Ogg FLAC', ext: 'oga' };
    if (first.includes('Speex')) return { name: 'Ogg Speex', ext: 'spx' };
    return { name: 'Ogg', ext: 'ogg' };
  }
  if (head4 === 'fLaC') return { name: 'FLAC', ext: 'flac' };
  if (ascii(buf, 4, 8) === 'ftyp') {
    const brand = ascii(buf, 8, 12);
    if (brand === 'M4A ' || brand === 'M4B ') return { name: 'M4A (MPEG-4 audio)', ext: 'm4a' };
    if (brand === 'qt  ') return { name: 'QuickTime (MOV)', ext: 'mov' };
    if (brand.startsWith('3g')) return { name: '3GP', ext: '3gp' };
    return { name: `MP4 (brand "${brand.trim()}")`, ext: 'mp4' };
  }
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x1a45dfa3) {
    return buf.subarray(0, 64).toString('latin1').includes('webm') ? { name: 'WebM', ext: 'webm' } : { name: 'Matroska (MKV/MKA)', ext: 'mka' };
  }
  if (head4 === 'FORM' && (ascii(buf, 8, 12) === 'AIFF' || ascii(buf, 8, 12) === 'AIFC')) return { name: ascii(buf, 8, 12) === 'AIFC' ? 'AIFF-C' : 'AIFF', ext: 'aiff' };
  if (head4 === 'caff') return { name: 'Core Audio (CAF)', ext: 'caf' };
  if (head4 === '.snd') return { name: 'Sun/NeXT AU', ext: 'au' };
  if (ascii(buf, 0, 5) === '#!AMR') return { name: 'AMR', ext: 'amr' };
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x3026b275 && buf.readUInt32BE(4) === 0x8e66cf11) return { name: 'WMA/ASF', ext: 'wma' };
  if (head4 === 'MThd') return { name: 'MIDI (notes, not a recording)', ext: 'mid' };
  if (buf.length >= 2 && buf[0] === 0xff && (buf[1]! & 0xf0) === 0xf0 && (buf[1]! & 0x06) === 0) return { name: 'AAC (ADTS)', ext: 'aac' };
  // MPEG audio frame sync: 11 set bits, a valid version, a layer other than "reserved".
  if (buf.length >= 2 && buf[0] === 0xff && (buf[1]! & 0xe0) === 0xe0 && (buf[1]! & 0x18) !== 0x08 && (buf[1]! & 0x06) !== 0) return { name: 'MP3', ext: 'mp3' };
  return undefined;
}

/** How to turn any file into what we read. */
export const convertCommand = (ext: string) => `ffmpeg -i in.${ext} -ar 16000 -ac 1 -c:a pcm_s16le out.wav`;
const RAW_HINT = 'If it is raw 16-bit little-endian PCM, say so: agentos voice FILE --raw --rate 16000 [--channels 1]';

/** The error for a buffer that is not RIFF/WAVE: names the format found and the fix. */
export function notWavError(buf: Buffer): VoiceError {
  const format = sniffFormat(buf);
  if (format) {
    return new VoiceError('unsupported_audio', `The audio is ${format.name.startsWith('a ') ? format.name : `${format.name} audio`}; AgentOS reads WAV (PCM or float) and raw 16-bit PCM.`, `Convert it to WAV: ${convertCommand(format.ext)}`);
  }
  const hex = [...buf.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return new VoiceError('corrupt_audio', `The audio is not a valid WAV file and not a format AgentOS recognises (it starts with bytes ${hex}).`, `${RAW_HINT}; otherwise convert it: ${convertCommand('EXT').replace('in.EXT', 'INPUT')}`);
}

/** WAVE format tags that are compressed or otherwise not PCM, by name (RFC 2361). */
const WAVE_FORMAT_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG',
  0x0055: 'MP3',
  0x0160: 'WMA',
  0x1610: 'AAC',
  0xf1ac: 'FLAC',
};

export const waveFormatName = (tag: number) => WAVE_FORMAT_NAMES[tag] ?? `format tag 0x${tag.toString(16).padStart(4, '0')}`;
