// An answer a language model planned, as rendered HTML: the badge names model and endpoint host,
// each tool call shows with its arguments and outcome, the model's answer is the text shown; an
// answer without a model has no badge; a pending request lists each working skill's latest step.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Response, StepResult } from '../bridge/contracts';
import type { ChatEntry } from '../stores/slices/chat/slice';
import { installStore } from '../stores/store';
import { scriptedBridge } from '../stores/test-bridge';
import { AgentMessage, type AgentActions } from './AgentMessage';
import { endpointHost } from './ModelPlan';

const actions: AgentActions = { run: () => undefined, answer: () => undefined };

const step = (n: number, skill: string, intent: string, slots: Record<string, unknown>, text: string, status: StepResult['status'] = 'ok'): StepResult => ({
  stepId: `s${n}`,
  skill,
  intent,
  slots,
  status,
  durationMs: 3,
  ...(status === 'ok' ? { result: { text } } : { error: text }),
});

const base: Response = { requestId: 'r1', sessionId: 's', status: 'served', text: '', steps: [], suggestions: [], durationMs: 40, kernelMs: 2 };

function render(entry: Partial<ChatEntry>): string {
  const { store } = scriptedBridge({});
  store.getInitialState = store.getState;
  installStore(store);
  return renderToStaticMarkup(<AgentMessage entry={{ id: 'r1', role: 'agent', text: '', at: 0, status: 'done', ...entry }} actions={actions} />);
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

describe('an answer planned by a model', () => {
  const response: Response = {
    ...base,
    text: 'Your dentist is Dr. Weiss; I set a reminder for tomorrow at 9.',
    steps: [step(1, 'notes', 'notes.search', { query: 'dentist' }, 'Found 1 note: my dentist is Dr. Weiss'), step(2, 'reminders', 'reminder.add', { task: 'call Dr. Weiss', when: 'tomorrow at 9am' }, "OK, I'll remind you")],
    viaModel: { endpoint: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b', steps: 3, tokens: 812 },
  };

  it('names the model and endpoint host, lists each tool call with its arguments, and shows the model answer', () => {
    const html = render({ response, text: response.text });
    const text = textOf(html);
    expect(text).toContain('Planned by qwen2.5:7b at 127.0.0.1:11434 · 3 model calls · 812 tokens');
    expect(html).toContain('data-via-model="qwen2.5:7b"');
    expect(text).toMatch(/notes\/notes\.search\{"query":"dentist"\}[\s\S]*reminders\/reminder\.add\{"task":"call Dr\. Weiss","when":"tomorrow at 9am"\}/);
    expect(text).toContain('Your dentist is Dr. Weiss; I set a reminder for tomorrow at 9.');
    // The skills' own texts are summed up by the model's answer, not repeated.
    expect(text).not.toContain('Found 1 note');
  });

  it('marks a failed tool call with its error, and shows no badge on an answer the classical path served', () => {
    const failed = { ...response, status: 'partial' as const, steps: [response.steps[0]!, step(2, 'reminders', 'reminder.add', { task: 'x' }, 'no time given', 'error')] };
    const html = render({ response: failed, text: failed.text });
    expect(html).toMatch(/class="tool-call error"[\s\S]*no time given/);
    const classical = render({ response: { ...base, text: 'Noted.', steps: [step(1, 'notes', 'notes.add', { text: 'x' }, 'Noted: x')] }, text: 'Noted.' });
    expect(classical).not.toContain('Planned by');
    expect(textOf(classical)).toContain('Noted: x');
  });

  it('while pending, lists the latest step of each skill at work and marks the current one', () => {
    const html = render({
      status: 'pending',
      progress: { fraction: 0.25, message: 'Model step 2: reminders/reminder.add {}', skill: 'reminders' },
      progressLines: [
        { skill: 'notes', message: '✓ Found 1 note' },
        { skill: 'reminders', message: 'Model step 2: reminders/reminder.add {}' },
      ],
    });
    expect(html).toMatch(/aria-label="Steps so far"[\s\S]*<li>✓ Found 1 note<\/li><li class="current">Model step 2: reminders\/reminder.add \{\}<\/li>/);
    expect(textOf(html)).toContain('25%');
    const one = render({ status: 'pending', progress: { fraction: 0.5, message: 'Copied 1 MB of 2 MB', skill: 'files' }, progressLines: [{ skill: 'files', message: 'Copied 1 MB of 2 MB' }] });
    expect(one).not.toContain('Steps so far');
    expect(textOf(one)).toContain('50% · Copied 1 MB of 2 MB');
  });

  it('shows the endpoint as given when it is not a URL', () => {
    expect(endpointHost('https://api.example.com/v1')).toBe('api.example.com');
    expect(endpointHost('not a url')).toBe('not a url');
  });
});
