/** The chat portal: the conversation, starter examples when it is empty, and the composer. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BridgeApi } from '../bridge/contracts';
import { appStore, useApp } from '../stores/store';
import { selectEntries } from '../stores/slices/chat/selectors';
import { selectSkills, starterExamples } from '../stores/slices/skills/selectors';
import { selectWorkflowSuggestion } from '../stores/slices/workflow/selectors';
import type { ChatEntry } from '../stores/slices/chat/slice';
import { AgentMessage, type AgentActions } from './AgentMessage';
import { Composer, type Answering } from './Composer';
import { Icon } from './Icon';
import { WorkflowChip } from './WorkflowChip';

export function ChatView({ bridge }: { bridge: BridgeApi }) {
  const entries = useApp(selectEntries);
  const skills = useApp(selectSkills);
  // The suggestion bar takes room from the conversation: keep the newest answer in view when it appears.
  const suggestion = useApp(selectWorkflowSuggestion);
  const examples = useMemo(() => starterExamples(skills, 6), [skills]);
  const scroller = useRef<HTMLDivElement>(null);
  const [dropped, setDropped] = useState<string | null>(null);
  const { send, clearChat } = appStore().getState();

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries, suggestion]);

  // An open question (with or without choices) also takes a typed answer: the composer sends it with replyTo.
  const lastAgent = [...entries].reverse().find((e) => e.role === 'agent');
  const open = lastAgent?.status === 'done' && lastAgent.response?.clarification && !lastAgent.answered && dropped !== lastAgent.id ? lastAgent : undefined;
  const answering: Answering | undefined = open ? { entryId: open.id, questionId: open.response!.clarification!.id, question: open.response!.clarification!.question } : undefined;

  const actions: AgentActions = {
    run: (text) => void send(text),
    // The bubble shows the choice as offered; the kernel gets its value (e.g. "2" for the second meaning).
    answer: (entry: ChatEntry, value: string, label: string) => void send(value, { replyTo: entry.response!.clarification!.id, answering: entry.id, shown: label }),
  };

  return (
    <div className="chat-view">
      <header className="view-header">
        <div>
          <h1>Portal</h1>
          <p className="muted">Ask in your own words. AgentOS finds the skill that can do it.</p>
        </div>
        {entries.length > 0 && (
          <button type="button" className="ghost" onClick={clearChat} aria-label="Start a new conversation">
            <Icon name="refresh" size={16} /> New conversation
          </button>
        )}
      </header>
      <div className="messages" ref={scroller} role="log" aria-live="polite" aria-label="Conversation">
        {entries.length === 0 ? (
          <div className="welcome">
            <div className="welcome-mark">
              <Icon name="sparkle" size={28} />
            </div>
            <h2>What can I do for you?</h2>
            <p className="muted">Reminders, notes, sums and unit conversions, files, system facts — one request away.</p>
            <div className="starter-grid">
              {(examples.length ? examples : ['what can you do']).map((ex) => (
                <button key={ex} type="button" className="starter" onClick={() => void send(ex)}>
                  {ex}
                </button>
              ))}
            </div>
          </div>
        ) : (
          entries.map((e) =>
            e.role === 'user' ? (
              <div key={e.id} className="msg user">
                <div className="bubble">{e.text}</div>
              </div>
            ) : (
              <div key={e.id} className="msg agent">
                <div className="avatar" aria-hidden>
                  <Icon name="sparkle" size={16} />
                </div>
                <AgentMessage entry={e} actions={actions} />
              </div>
            ),
          )
        )}
      </div>
      <WorkflowChip />
      <Composer bridge={bridge} answering={answering} onDropAnswering={() => open && setDropped(open.id)} />
    </div>
  );
}
