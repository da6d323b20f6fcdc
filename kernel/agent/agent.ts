/**
 * Agent mode in the kernel: when a language model is configured, a request the classical path
 * does not understand (or one that asks for it: "ask the model: …") is planned by the model with
 * the most relevant skills as tools. Every call the model makes is a plan step that goes through
 * the same dispatch as a classical one — the confirmation policy (a `confirm` intent, a sweeping
 * removal, a privileged step after untrusted content), the executor with its grants and audit —
 * and a step that needs the user's yes ends the run with that question.
 */
import { randomUUID } from 'node:crypto';
import {
  RequestSchema,
  type GraphCapability,
  type IntentEngine,
  type KernelEvent,
  type Plan,
  type PlanStep,
  type Request,
  type RequestInput,
  type Response,
  type SessionState,
  type SkillResult,
  type StepResult,
  type SkillManifest,
} from '../contracts/index.js';
import { LlmClient } from '../llm/index.js';
import { isLocalEndpoint, modelFailure, remoteRefused, type AgentFailure } from './endpoint.js';
import { answerOffer, withOffer, type LearnHost } from './learn.js';
import { runAgent, type CallOutcome, type ChatClient, type LoopResult } from './loop.js';
import type { AgentContext } from './prompt.js';
import { phrasingOf } from './render.js';
import { relevantSkills, type Suggest } from './select.js';
import { fillSlot, type SlotAsk } from './slot.js';
import { slotsFromArguments, toolsFor, type AgentTool } from './tools.js';

/** The settings agent mode reads (kernel/settings keys). */
export interface AgentSettings {
  get(key: 'llm.endpoint' | 'llm.model' | 'llm.apiKey' | 'llm.tools'): string;
  get(key: 'llm.timeoutMs' | 'llm.agentMaxSteps' | 'llm.agentMaxTokens' | 'llm.agentTimeMs'): number;
  get(key: 'llm.allowRemote' | 'llm.stream'): boolean;
}

type Answer = Omit<Response, 'durationMs' | 'kernelMs'>;

/**
 * What agent mode uses of dispatch, declared here (dispatch sits above it) and given by the
 * composition root: the sessions that keep questions, the executor that runs plan steps with their
 * grants, and the confirmation policy.
 */
export interface AgentDispatch {
  sessions: LearnHost['sessions'] & { state(sessionId: string): SessionState };
  executor: { execute(request: Request & { id: string }, plan: Plan, now: Date, timezone: string, prior?: ReadonlyMap<string, SkillResult>): Promise<Answer> };
  policy: {
    reason(plan: Plan): { kind: string; question: string } | undefined;
    untrustedTrigger(plan: Plan): { step: PlanStep; source: string } | undefined;
  };
}

export interface AgentHost extends AgentDispatch {
  settings: AgentSettings;
  enabled(): SkillManifest[];
  engine: Pick<IntentEngine, 'recognize'>;
  audit(kind: 'untrusted.confirm', skill: string, detail: Record<string, unknown>): void;
  emit(event: KernelEvent): void;
  suggest(): Suggest | undefined;
  graph(): GraphCapability | undefined;
  clock(): Date;
  /**
   * The dispatcher's record of a request: agent mode logs what it served as the dispatcher logs its
   * own (one result row per request, the session's follow-up state, 'request.completed').
   */
  record: { received(request: Request & { id: string }): void; completed(request: Request & { id: string }, response: Response): Response };
  /** The user's taught phrasings: a served request is offered to them (learn.ts). */
  phrasings?: LearnHost['phrasings'];
  /** The model client (tests hand in one; by default an OpenAI-compatible client from the settings). */
  client?: (options: { endpoint: string; model: string; apiKey: string; timeoutMs: number }) => ChatClient;
}

const MAX_SKILLS = 4;
const MAX_TOOLS = 24;
/** "ask the model: …", "ask the llm, …": the user wants the model, not the classical path. */
const ON_DEMAND = /^\s*(?:please\s+)?ask\s+(?:the\s+)?(?:model|llm|language model|ai|agent)\s*(?:[:,-]\s*|\s+(?=\S))/i;

export class Agent {
  constructor(private readonly host: AgentHost) {}

  /**
   * The request through the classical path, and through the model when that did not understand it
   * (or when asked for). `classical` with `deferMiss` leaves a miss unrecorded: what the model then
   * answers is recorded in its place (host.record), so the request has one result.
   */
  async handle(input: RequestInput, classical: (input: RequestInput, options?: { deferMiss?: boolean }) => Promise<Response>): Promise<Response> {
    const { host } = this;
    const endpoint = host.settings.get('llm.endpoint');
    const text = typeof input.text === 'string' ? input.text : '';
    const onDemand = ON_DEMAND.exec(text);
    const offered = answerOffer(host, input);
    if (offered) {
      host.record.received(offered.request);
      return host.record.completed(offered.request, { ...offered.answer, durationMs: 0, kernelMs: 0 });
    }
    // An automation runs unattended: it never hands its words to a model to act on.
    if (!endpoint || input.replyTo || input.source === 'automation') return classical(input);
    if (onDemand && text.slice(onDemand[0].length).trim()) {
      const parsed = RequestSchema.safeParse({ ...input, text: text.slice(onDemand[0].length).trim() });
      if (!parsed.success) return classical(input);
      const request = { ...parsed.data, id: parsed.data.id ?? randomId() };
      host.record.received(request);
      // Asked for the model by name: it is asked again next time, so nothing is offered to learn.
      return host.record.completed(request, await this.timed(() => this.serve(request, undefined)));
    }
    const first = await classical(input, { deferMiss: true });
    if (first.status !== 'not_understood') return first;
    const parsed = RequestSchema.parse(input);
    const request = { ...parsed, id: first.requestId, text: parsed.text.trim() };
    let answer: Response;
    try {
      answer = await this.timed(() => this.serve(request, first), request);
    } catch (error) {
      host.record.completed(request, first);
      throw error;
    }
    return host.record.completed(request, answer);
  }

  /** The model's answer, timed; `offerFor`: the request to offer to learn when the model served it. */
  private async timed(run: () => Promise<Answer>, offerFor?: Request & { id: string }): Promise<Response> {
    const started = performance.now();
    const ran = await run();
    const answer = offerFor ? withOffer(this.host, offerFor, ran) : ran;
    const durationMs = performance.now() - started;
    const skillMs = answer.steps.reduce((sum, s) => sum + s.durationMs, 0);
    return { ...answer, durationMs, kernelMs: Math.max(0, durationMs - skillMs) };
  }

  /** `classical`: the classical path's answer, kept when the model cannot be asked. */
  private async serve(request: Request & { id: string }, classical: Response | undefined): Promise<Answer> {
    const { host } = this;
    const s = host.settings;
    const endpoint = s.get('llm.endpoint');
    const model = s.get('llm.model');
    const base = { requestId: request.id, sessionId: request.sessionId, steps: [] as StepResult[], suggestions: classical?.suggestions ?? [] };
    const fail = (failure: AgentFailure, steps: StepResult[] = []): Answer =>
      classical && steps.length === 0
        ? { ...classical, text: `${classical.text}\n${failure.message}`, error: failure }
        : { ...base, steps, status: steps.length ? 'partial' : 'error', text: failure.message, error: failure };
    if (!isLocalEndpoint(endpoint) && !s.get('llm.allowRemote')) return fail(remoteRefused(endpoint));

    let client: ChatClient;
    try {
      client = this.client();
    } catch (error) {
      return fail(modelFailure(error, endpoint));
    }
    const manifests = await relevantSkills(request.text, { enabled: () => host.enabled(), engine: host.engine, ...(host.suggest() ? { suggest: host.suggest()! } : {}) }, MAX_SKILLS);
    const tools = toolsFor(manifests, MAX_TOOLS);
    const now = host.clock();
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const ctx: AgentContext = { request: request.text, turns: this.turns(request.sessionId), facts: await this.facts(request.text), now, timezone };

    const steps: StepResult[] = [];
    let untrustedSource: PlanStep | undefined;
    let question: Answer['clarification'];
    let questionText = '';
    const started = performance.now();
    const call = async (tool: AgentTool, args: Record<string, unknown>): Promise<CallOutcome> => {
      const read = slotsFromArguments(tool, args, now, timezone);
      if ('problem' in read) return { kind: 'refused', problem: read.problem };
      if (!host.enabled().some((m) => m.id === tool.skill)) return { kind: 'refused', problem: `${tool.manifest.name} is turned off.` };
      const step: PlanStep = { id: `agent-${steps.length + 1}`, skill: tool.skill, intent: tool.intent, slots: read.slots, text: phrasingOf(tool.manifest, tool.spec, args), confidence: 1 };
      // The dispatcher's policy, as for a classical plan: a step acting on untrusted output is one that consumes it.
      const own = host.policy.reason({ steps: [step] });
      const tainted = !own && untrustedSource ? host.policy.untrustedTrigger({ steps: [untrustedSource, { ...step, inputFrom: untrustedSource.id }] }) : undefined;
      if (own || tainted) {
        const why = own?.question ?? `"${step.text}" would act on content from ${tainted!.source}, which is untrusted (the model read it before asking for this). Run it?`;
        const q = host.sessions.ask({ sessionId: request.sessionId, kind: 'confirm', text: step.text, plan: { steps: [step] } });
        if (tainted || own?.kind === 'untrusted') host.audit('untrusted.confirm', step.skill, { requestId: request.id, step: step.text, source: tainted?.source ?? 'model', via: 'agent' });
        question = { id: q.id, question: why, choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] };
        questionText = why;
        return { kind: 'stop' };
      }
      const ran = await host.executor.execute(request, { steps: [step] }, now, timezone);
      const result = ran.steps[0]!;
      steps.push({ ...result, stepId: step.id });
      if (result.status === 'ok' && result.result?.untrusted) untrustedSource = step;
      const ok = result.status === 'ok' && !result.result?.declined;
      return { kind: 'ran', ok, text: result.status === 'ok' ? result.result!.text : `${result.status === 'denied' ? 'Denied' : 'Failed'}: ${result.error ?? 'unknown error'}`, data: result.result?.data, untrusted: result.result?.untrusted === true };
    };

    const maxSteps = s.get('llm.agentMaxSteps');
    const run: LoopResult = await runAgent(ctx, {
      client,
      tools,
      limits: { maxSteps, maxTokens: s.get('llm.agentMaxTokens'), timeMs: s.get('llm.agentTimeMs') },
      mode: s.get('llm.tools') as 'auto' | 'on' | 'off',
      stream: s.get('llm.stream'),
      callTimeoutMs: s.get('llm.timeoutMs'),
      elapsed: () => performance.now() - started,
      call,
      resolve: (name) => toolsFor(host.enabled(), Infinity).find((t) => t.name === name),
      onStep: (step) =>
        host.emit({
          type: 'progress',
          requestId: request.id,
          skill: step.tool.skill,
          fraction: Math.min(1, step.step / maxSteps),
          message: step.kind === 'call' ? `Model step ${step.step}: ${step.tool.skill}/${step.tool.intent} ${JSON.stringify(step.arguments)}` : `${step.ok ? '✓' : '✗'} ${step.text.slice(0, 200)}`,
        }),
    }).catch((error: unknown) => ({ end: { kind: 'failed' as const, error }, steps: 0, tokens: 0, jsonMode: false }));

    const viaModel = { endpoint, model, steps: run.steps, tokens: run.tokens };
    const end = run.end;
    switch (end.kind) {
      case 'answer':
        return { ...base, steps, status: steps.some((x) => x.status !== 'ok') ? 'partial' : 'served', text: end.text || 'Done.', suggestions: [], viaModel };
      case 'cannot':
        return { ...base, steps, status: steps.length ? 'partial' : 'not_understood', text: `The model found no skill for that: ${end.text}`, viaModel };
      case 'stopped': {
        const done = steps.filter((x) => x.status === 'ok').map((x) => x.result?.text ?? '');
        return { ...base, steps, status: 'confirm', text: [...done, questionText].filter(Boolean).join('\n'), suggestions: [], ...(question ? { clarification: question } : {}), viaModel };
      }
      case 'limit':
        return { ...base, steps, status: steps.length ? 'partial' : 'error', text: end.message, error: { code: end.code, message: end.message, fix: end.fix }, viaModel };
      case 'failed':
        return { ...fail(modelFailure(end.error, endpoint), steps), ...(run.steps ? { viaModel } : {}) };
    }
  }

  /** The model client from the settings (throws when they do not make one). */
  private client(): ChatClient {
    const s = this.host.settings;
    const options = { endpoint: s.get('llm.endpoint'), model: s.get('llm.model'), apiKey: s.get('llm.apiKey'), timeoutMs: s.get('llm.timeoutMs') };
    return this.host.client ? this.host.client(options) : new LlmClient(options);
  }

  /**
   * A value for a slot the classical planner would ask the user for (slot.ts); undefined — ask the
   * user — without a model, for a remote one not allowed, or when the model has none.
   */
  async fillSlot(ask: SlotAsk): Promise<string | undefined> {
    const s = this.host.settings;
    const endpoint = s.get('llm.endpoint');
    if (!endpoint || (!isLocalEndpoint(endpoint) && !s.get('llm.allowRemote'))) return undefined;
    const intent = this.host.enabled().find((m) => m.id === ask.skill)?.intents.find((i) => i.id === ask.intent);
    let client: ChatClient;
    try {
      client = this.client();
    } catch {
      return undefined;
    }
    return fillSlot(client, ask, intent, s.get('llm.agentMaxTokens'));
  }

  /** The conversation's last served turn, for follow-ups the model must read in context. */
  private turns(sessionId: string): AgentContext['turns'] {
    const last = this.host.sessions.state(sessionId).last;
    if (!last) return [];
    const answer = last.steps.map((x) => (x.status === 'ok' ? (x.result?.text ?? '') : (x.error ?? ''))).filter(Boolean).join('\n').slice(0, 1500);
    return answer ? [{ user: last.text, answer }] : [];
  }

  /** A few facts from the knowledge graph about what the request names; none when the graph is not there or slow. */
  private async facts(text: string): Promise<string[]> {
    const graph = this.host.graph();
    if (!graph) return [];
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('slow')), 2_000)));
    try {
      const lookup = async () => {
        const hits = await graph.search(text, { limit: 3 });
        const facts = await Promise.all(hits.map((h) => graph.facts({ entityId: h.entity.id })));
        return facts.flat().map((f) => f.text.slice(0, 300));
      };
      return [...new Set(await Promise.race([lookup(), slow]))].slice(0, 6);
    } catch {
      return [];
    } finally {
      clearTimeout(timer);
    }
  }
}

const randomId = () => randomUUID().replace(/-/g, '').slice(0, 16);
