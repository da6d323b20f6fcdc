/**
 * What a language model did for a request (agent mode): which model at which endpoint planned it,
 * how many calls that took, and each tool call it made (skill, intent, arguments) with how it went.
 * The user always sees when a request left the classical path for a model, and where it went.
 */
import type { Response } from '../bridge/contracts';
import { Icon } from './Icon';
import './model.css';

/** The endpoint's host and port (what tells "this machine" from a hosted API); the text as given when it is no URL. */
export function endpointHost(endpoint: string): string {
  try {
    return new URL(endpoint).host || endpoint;
  } catch {
    return endpoint;
  }
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** A call's arguments as one short line (a long value would push the answer out of view). */
function argumentsLine(slots: Record<string, unknown>): string {
  const text = JSON.stringify(slots);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export function ModelPlan({ response }: { response: Response }) {
  const via = response.viaModel;
  if (!via) return null;
  const host = endpointHost(via.endpoint);
  return (
    <div className="model-plan" data-via-model={via.model}>
      <div className="model-badge" title={`Sent to ${via.endpoint}`}>
        <Icon name="sparkle" />
        <span>
          Planned by <strong>{via.model || 'the model'}</strong> at {host} · {plural(via.steps, 'model call')}
          {via.tokens ? ` · ${plural(via.tokens, 'token')}` : ''}
        </span>
      </div>
      {response.steps.length > 0 && (
        <ol className="tool-calls" aria-label="Tool calls">
          {response.steps.map((step) => (
            <li key={step.stepId} className={`tool-call ${step.status}`}>
              <Icon name={step.status === 'ok' ? 'check' : 'alert'} />
              <span className="tool-name">
                {step.skill}/{step.intent}
              </span>
              <code className="tool-args">{argumentsLine(step.slots)}</code>
              {step.status !== 'ok' && <span className="tool-error">{step.error ?? step.status}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
