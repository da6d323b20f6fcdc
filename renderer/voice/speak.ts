/**
 * Spoken answers in the portal: the browser's speech synthesis when `voice.tts` is "browser" (or
 * when espeak-ng is not available), else the kernel's espeak-ng WAV played in the page.
 */
import type { BridgeApi } from '../bridge/contracts';

export function speakWithBrowser(text: string): boolean {
  if (typeof speechSynthesis === 'undefined') return false;
  speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  return true;
}

export async function speakReply(bridge: BridgeApi, text: string): Promise<void> {
  const settings = await bridge['settings.get']({});
  if (settings.values['voice.speakReplies'] === false || !text.trim()) return;
  if (settings.values['voice.tts'] === 'browser') {
    speakWithBrowser(text);
    return;
  }
  try {
    const r = await bridge['voice.speak']({ text: text.slice(0, 5000) });
    if (r.wavBase64) await new Audio(`data:audio/wav;base64,${r.wavBase64}`).play();
    else speakWithBrowser(text);
  } catch {
    speakWithBrowser(text);
  }
}
