/**
 * The request input: Enter sends, Shift+Enter breaks the line, ↑/↓ walk the input history.
 * While the kernel waits on a slot question, the next message answers it (replyTo) unless the
 * user lets it go.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useApp, appStore } from '../stores/store';
import { selectDraft, selectLastAnswer } from '../stores/slices/chat/selectors';
import type { BridgeApi } from '../bridge/contracts';
import { VoiceButton } from '../voice/VoiceButton';
import { Icon } from './Icon';

export interface Answering {
  entryId: string;
  questionId: string;
  question: string;
}

export function Composer({ bridge, answering, onDropAnswering }: { bridge: BridgeApi; answering: Answering | undefined; onDropAnswering(): void }) {
  const draft = useApp(selectDraft);
  const lastAnswer = useApp(selectLastAnswer);
  const ref = useRef<HTMLTextAreaElement>(null);
  const { setDraft, historyPrev, historyNext, send } = appStore().getState();

  // As tall as the draft (or the placeholder, which wraps in a narrow window), up to 200 px; again when the window changes width.
  useEffect(() => {
    const fit = () => {
      const el = ref.current;
      if (!el) return;
      el.style.height = 'auto';
      el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [draft]);

  useEffect(() => {
    const focus = () => ref.current?.focus();
    window.addEventListener('agentos:focus-input', focus);
    return () => window.removeEventListener('agentos:focus-input', focus);
  }, []);

  // Typed or spoken, the next message answers an open question unless the user let it go.
  const sendOrAnswer = (text: string) => void send(text, answering ? { replyTo: answering.questionId, answering: answering.entryId } : {});
  const submit = () => {
    const text = ref.current?.value ?? draft;
    if (!text.trim()) return;
    sendOrAnswer(text);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const el = e.currentTarget;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === 'ArrowUp' && !el.value.slice(0, el.selectionStart).includes('\n')) {
      e.preventDefault();
      historyPrev();
    } else if (e.key === 'ArrowDown' && !el.value.slice(el.selectionEnd).includes('\n')) {
      e.preventDefault();
      historyNext();
    } else if (e.key === 'Escape' && answering) {
      onDropAnswering();
    }
  };

  return (
    <div className="composer-wrap">
      {answering && (
        <div className="answering">
          <span>
            Answering: <strong>{answering.question}</strong>
          </span>
          <button type="button" className="ghost small" onClick={onDropAnswering} aria-label="Send a new request instead of an answer">
            <Icon name="x" size={14} /> New request
          </button>
        </div>
      )}
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          ref={ref}
          rows={1}
          value={draft}
          autoFocus
          spellCheck
          maxLength={10_000}
          placeholder={answering ? 'Your answer…' : 'Ask AgentOS anything… e.g. "remind me to stretch in 10 minutes"'}
          aria-label={answering ? 'Your answer' : 'Request'}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <VoiceButton bridge={bridge} onTranscript={sendOrAnswer} {...(lastAnswer ? { reply: lastAnswer } : {})} />
        <button type="submit" className="send-button" aria-label="Send" disabled={!draft.trim()}>
          <Icon name="send" />
        </button>
      </form>
      <div className="composer-hint">
        <kbd>Enter</kbd> send · <kbd>↑</kbd>
        <kbd>↓</kbd> history · <kbd>Ctrl</kbd>+<kbd>K</kbd> commands
      </div>
    </div>
  );
}
