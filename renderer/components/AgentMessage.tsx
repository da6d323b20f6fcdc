/**
 * One answer from the kernel as it arrives: a typing indicator (with progress, and a button to each
 * view the reporting skill contributes), then the steps' texts and cards, a clarification's
 * choices as buttons, suggestions as chips, and errors with their fix. A question (clarify,
 * ask_slot, confirm) reads as the assistant asking, never as an error: its choices are buttons and
 * the composer takes a typed answer; a request not understood says so with suggestions to click.
 */
import { useMemo } from 'react';
import type { BridgeErrorShape, Card, Response } from '../bridge/contracts';
import type { ChatEntry } from '../stores/slices/chat/slice';
import { appStore, useApp } from '../stores/store';
import { selectSkills } from '../stores/slices/skills/selectors';
import { contributedViews } from '../stores/slices/skillviews/selectors';
import { CardView } from './cards/CardView';
import { Icon } from './Icon';
import { ModelPlan } from './ModelPlan';
import { sentence, stepFailure } from '../messages';

export interface AgentActions {
  run(text: string): void;
  answer(entry: ChatEntry, value: string, label: string): void;
}

export function ErrorBox({ error }: { error: Pick<BridgeErrorShape, 'message' | 'fix'> }) {
  return (
    <div className="error-box" role="alert">
      <Icon name="alert" />
      <div>
        <div className="error-message">{sentence(error.message)}</div>
        {error.fix && <div className="error-fix">{sentence(error.fix)}</div>}
      </div>
    </div>
  );
}

/** With a card, the text is the CLI's rendering of the same content: show only its first line above the card. */
export function leadText(text: string, card: Card | undefined): string {
  if (!card) return text;
  if (card.type === 'text' && card.body === text) return '';
  return text.split('\n')[0] ?? '';
}

/** The steps' results; `doneOnly` (beside a question: the steps that ran before it) leaves out the rest. */
function Steps({ response, run, doneOnly = false }: { response: Response; run: (t: string) => void; doneOnly?: boolean }) {
  const steps = doneOnly ? response.steps.filter((s) => s.status === 'ok' && s.result) : response.steps;
  return (
    <>
      {steps.map((step) =>
        step.status === 'ok' && step.result ? (
          <div className="step" key={step.stepId}>
            <p className="answer-text">{leadText(step.result.text, step.result.card)}</p>
            {step.result.card && <CardView card={step.result.card} onRun={run} />}
            {step.result.untrusted && <div className="untrusted">From a community skill: treat its content with care.</div>}
          </div>
        ) : (
          <ErrorBox key={step.stepId} error={stepFailure(step.skill, step.error, step.status)} />
        ),
      )}
    </>
  );
}

function Question({ entry, response, actions }: { entry: ChatEntry; response: Response; actions: AgentActions }) {
  const q = response.clarification!;
  const open = entry.answered === undefined;
  return (
    <div className="question" data-question={q.id}>
      <p className="answer-text">{q.question}</p>
      {q.choices.length > 0 ? (
        <div className="choices" role="group" aria-label={q.question}>
          {q.choices.map((c) => (
            <button
              key={c.value}
              type="button"
              className={`choice${entry.answered === c.value || entry.answered === c.label ? ' chosen' : ''}`}
              disabled={entry.answered !== undefined}
              onClick={() => actions.answer(entry, c.value, c.label)}
            >
              {c.label}
            </button>
          ))}
        </div>
      ) : null}
      {open && response.status !== 'confirm' && <div className="hint">{q.choices.length > 0 ? 'Pick one, or type your own answer below.' : 'Type your answer below.'}</div>}
    </div>
  );
}

/** While a skill reports progress, its contributed views (where the job shows live) one click away. */
function OpenSkillViews({ skill }: { skill: string }) {
  const skills = useApp(selectSkills);
  const views = useMemo(() => contributedViews(skills).filter((v) => v.skill === skill), [skills, skill]);
  if (views.length === 0) return null;
  return (
    <span className="progress-actions">
      {views.map((v) => (
        <button key={v.route} type="button" className="ghost small" onClick={() => appStore().getState().setView(v.route)}>
          Open {v.title}
        </button>
      ))}
    </span>
  );
}

export function AgentMessage({ entry, actions }: { entry: ChatEntry; actions: AgentActions }) {
  if (entry.status === 'pending') {
    // Several skills at work (a plan, or a model calling one tool after another): a line each.
    const lines = entry.progressLines ?? [];
    const several = lines.length > 1;
    return (
      <div className="agent-body pending" aria-busy="true" aria-label="Working on it">
        <span className="typing">
          <i />
          <i />
          <i />
        </span>
        {entry.progress && (
          <div className="inline-progress">
            <div className="progress-track">
              <div className="progress-fill" style={{ width: `${Math.round(entry.progress.fraction * 100)}%` }} />
            </div>
            {several && (
              <ol className="progress-steps" aria-label="Steps so far">
                {lines.map((l) => (
                  <li key={l.skill} className={l.skill === entry.progress?.skill ? 'current' : undefined}>
                    {l.message}
                  </li>
                ))}
              </ol>
            )}
            <div className="progress-line">
              <span className="muted small">
                {Math.round(entry.progress.fraction * 100)}%{entry.progress.message && !several ? ` · ${entry.progress.message}` : ''}
              </span>
              {entry.progress.skill && <OpenSkillViews skill={entry.progress.skill} />}
            </div>
          </div>
        )}
      </div>
    );
  }
  if (entry.status === 'failed' || !entry.response) return <div className="agent-body">{entry.error ? <ErrorBox error={entry.error} /> : entry.text}</div>;
  const r = entry.response;
  const served = r.status === 'served' || r.status === 'partial';
  const skill = r.steps[0]?.skill;
  // A model's plan: its tool calls, then its answer (which sums the results up; their cards stay one click away).
  const via = r.viaModel !== undefined;
  return (
    <div className={`agent-body status-${r.status}`} data-status={r.status}>
      {via && <ModelPlan response={r} />}
      {served && !via && <Steps response={r} run={actions.run} />}
      {/* A kernel answer with no skill step ("Saved as rule 1: …", "Nothing was done."), or the model's answer. */}
      {served && (r.steps.length === 0 || via) && r.text !== r.error?.message && <p className="answer-text">{r.text}</p>}
      {served && via && r.steps.some((st) => st.status === 'ok' && st.result?.card) && (
        <details className="model-results">
          <summary>What the skills returned</summary>
          <Steps response={r} run={actions.run} doneOnly />
        </details>
      )}
      {!served && !via && r.clarification && <Steps response={r} run={actions.run} doneOnly />}
      {r.clarification && <Question entry={entry} response={r} actions={actions} />}
      {!served && !r.clarification && (r.status === 'error' || r.status === 'denied' ? <ErrorBox error={{ message: r.error?.message ?? r.text, ...(r.error?.fix ? { fix: r.error.fix } : {}) }} /> : <p className="answer-text">{r.text}</p>)}
      {r.status === 'partial' && r.error && <ErrorBox error={r.error} />}
      {r.suggestions.length > 0 && (
        <div className="suggestions" role="group" aria-label="Suggestions">
          {r.status === 'not_understood' && <span className="muted small">Try:</span>}
          {r.suggestions.map((s) => (
            <button key={s.request} type="button" className="chip" title={s.reason} onClick={() => actions.run(s.request)}>
              {s.request}
            </button>
          ))}
        </div>
      )}
      <div className="meta">
        {skill && <span>{skill}</span>}
        <span>{r.durationMs < 10 ? r.durationMs.toFixed(1) : Math.round(r.durationMs)} ms</span>
      </div>
    </div>
  );
}
