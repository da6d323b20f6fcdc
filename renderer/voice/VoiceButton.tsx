/**
 * Push-to-talk in the composer: hold the button (or press it once to start and once to stop, or
 * use the global shortcut) to record; a live level meter shows the microphone is hearing you; the
 * 16 kHz PCM goes to the kernel (voice.transcribe), and the transcript comes back editable — Enter
 * or "Run" sends it, Escape drops it. With `reply` set, the answer is spoken back. A request the
 * kernel reads back ("I heard: … — do it?", review.ts) shows the question with the transcript
 * editable and Yes/No, is spoken when replies are, and runs only after Yes: the answer goes back
 * through voice.answer (the chat slice's `readBack` send), so the kernel records a voice request
 * in this conversation; No tells the kernel to drop it.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { BridgeApi } from '../bridge/contracts';
import { Icon } from '../components/Icon';
import { appStore } from '../stores/store';
import { floatToPcm16Base64, MicCapture, TARGET_RATE } from './capture';
import { reviewFor, textToRun } from './review';
import { speakReply } from './speak';
import './voice.css';

export interface VoiceButtonProps {
  bridge: BridgeApi;
  onTranscript(text: string): void;
  /** The latest answer to a spoken request: spoken back when it changes. */
  reply?: string;
  /** Stop by itself when the speaker pauses (otherwise: release or press again). */
  handsFree?: boolean;
  /** Run the transcript at once instead of showing it for editing first. */
  autoRun?: boolean;
}

type Phase = 'idle' | 'listening' | 'transcribing' | 'review';

export function VoiceButton({ bridge, onTranscript, reply, handsFree = false, autoRun = false }: VoiceButtonProps) {
  const [phase, setPhase] = useState<Phase>('idle');
  const [level, setLevel] = useState(0);
  const [transcript, setTranscript] = useState('');
  const [note, setNote] = useState<string | null>(null);
  /** The read-back waiting for Yes/No: its question and the id the answer goes back with. */
  const [readBack, setReadBack] = useState<{ id: string; question: string } | null>(null);
  const question = readBack?.question ?? null;
  const capture = useRef<MicCapture | null>(null);
  const heldSince = useRef(0);
  const spokeRequest = useRef(false);

  const stop = useCallback(async () => {
    const mic = capture.current;
    if (!mic) return;
    capture.current = null;
    setLevel(0);
    setPhase('transcribing');
    try {
      const samples = await mic.stop();
      // The chat's session: a yes to a read-back runs in this conversation, so "delete that" follows on.
      const result = await bridge['voice.transcribe']({ pcm16: floatToPcm16Base64(samples), sampleRate: TARGET_RATE, run: false, sessionId: appStore().getState().sessionId });
      setNote(null);
      const review = reviewFor(result, autoRun);
      if (review.kind === 'rejected') {
        setNote(review.note);
        setPhase('idle');
      } else if (review.kind === 'run') {
        spokeRequest.current = true;
        onTranscript(review.transcript);
        setPhase('idle');
      } else {
        setReadBack(review.kind === 'confirm' ? { id: review.id, question: review.question } : null);
        setTranscript(review.transcript);
        setPhase('review');
        if (review.kind === 'confirm') void speakReply(bridge, review.question);
      }
    } catch (error) {
      const e = error as { message?: string; fix?: string };
      setNote([e.message ?? 'Speech recognition failed.', e.fix].filter(Boolean).join(' '));
      setPhase('idle');
    }
  }, [bridge, onTranscript, autoRun]);

  const start = useCallback(async () => {
    if (capture.current) return;
    const mic = new MicCapture({ onLevel: setLevel, onEndOfSpeech: () => void stop(), onLimit: () => void stop() }, handsFree);
    capture.current = mic;
    heldSince.current = Date.now();
    setNote(null);
    setPhase('listening');
    try {
      await mic.start();
    } catch (error) {
      capture.current = null;
      setPhase('idle');
      setNote(`${(error as Error).message || 'The microphone could not be opened.'} Allow microphone access for AgentOS and try again.`);
    }
  }, [stop, handsFree]);

  const toggle = useCallback(() => void (capture.current ? stop() : start()), [start, stop]);

  // The global push-to-talk shortcut (registered by the desktop shell) toggles recording.
  useEffect(() => bridge.onEvent((event) => event.type === 'shell.pushToTalk' && toggle()), [bridge, toggle]);

  useEffect(() => {
    if (reply && spokeRequest.current) {
      spokeRequest.current = false;
      void speakReply(bridge, reply);
    }
  }, [bridge, reply]);

  const run = () => {
    const text = textToRun(transcript);
    const asked = readBack;
    setPhase('idle');
    setReadBack(null);
    if (!text) return void (asked && answerNo(asked.id));
    spokeRequest.current = true;
    if (asked) void appStore().getState().send(text, { readBack: asked.id });
    else onTranscript(text);
  };
  /** No (or Escape) to a read-back: the kernel forgets it, so no later yes can run it. A No that fails to arrive changes nothing either: the read-back only waits, and is dropped in time. */
  const answerNo = (id: string) => void bridge['voice.answer']({ id, answer: 'no' }).catch(() => undefined);
  const onReviewKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') run();
    if (e.key === 'Escape') discard();
  };
  const discard = () => {
    if (readBack) answerNo(readBack.id);
    setReadBack(null);
    setPhase('idle');
  };

  const label = phase === 'listening' ? 'Stop listening and transcribe' : phase === 'transcribing' ? 'Transcribing…' : 'Speak a request (hold, or press to start and again to stop)';
  return (
    <span className="voice-control">
      {phase === 'listening' && (
        <span className="voice-meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
          <span style={{ width: `${Math.round(level * 100)}%` }} />
        </span>
      )}
      {phase === 'transcribing' && (
        <span className="voice-status" role="status">
          <span className="voice-spinner" aria-hidden="true" />
          Transcribing…
        </span>
      )}
      {phase === 'review' && (
        <span className="voice-review" role="group" aria-label="Transcript">
          <span className="voice-review-title" role={question ? 'alert' : undefined}>{question ?? 'Heard — edit if needed, then Run'}</span>
          <span className="voice-review-row">
            <input aria-label="Transcript (edit before running)" value={transcript} autoFocus onChange={(e) => setTranscript(e.target.value)} onKeyDown={onReviewKey} />
            <button type="button" className="voice-run" onClick={run} disabled={!transcript.trim()}>
              {question ? 'Yes' : 'Run'}
            </button>
            {question ? (
              <button type="button" onClick={discard}>
                No
              </button>
            ) : (
              <button type="button" onClick={discard} aria-label="Discard transcript">
                <Icon name="x" size={14} />
              </button>
            )}
          </span>
        </span>
      )}
      {note && phase === 'idle' && <span className="voice-note" role="alert" title={note}>{note}</span>}
      <button
        type="button"
        className={`icon-button voice-button${phase === 'listening' ? ' listening' : ''}`}
        aria-label={label}
        aria-pressed={phase === 'listening'}
        title={note ?? label}
        disabled={phase === 'transcribing'}
        onPointerDown={(e) => {
          // Capture the pointer: the release stops recording even if the finger slid off the button.
          e.currentTarget.setPointerCapture?.(e.pointerId);
          void start();
        }}
        // A long press is push-to-talk: releasing stops. A short click leaves it listening until the next click.
        onPointerUp={() => Date.now() - heldSince.current > 400 && void stop()}
        onPointerCancel={() => void stop()}
        onKeyDown={(e) => (e.key === ' ' || e.key === 'Enter') && (e.preventDefault(), toggle())}
      >
        <Icon name="mic" />
      </button>
    </span>
  );
}
