/** Speech input and spoken replies: audio preparation, the three ASR engines, the voice service, TTS. */
export { VoiceError, type VoiceErrorCode } from './errors.js';
export { prepareAudio, DEFAULT_MAX_SECONDS, type AudioInput, type PreparedAudio } from './audio.js';
export { decodeWav, encodeWav16, pcm16ToFloat } from './wav.js';
export { resample, mixDown, TARGET_RATE } from './resample.js';
export { findSpeech, EndpointDetector, frameLevelsDb } from './vad.js';
export { ENGINE_NAMES, type EngineName, type AsrEngine } from './engine.js';
export { VoiceService, voiceService, isEngineName, type Transcription, type VoiceHost } from './service.js';
export { toSpoken, toWritten, numberToWords } from './spoken.js';
export { wordErrorRate } from './wer.js';
export { speak, type SpeakResult } from './tts.js';
export { evaluateVoice } from './evaluate.js';
export { downloadWhisperModel, WHISPER_MODELS } from './download.js';
