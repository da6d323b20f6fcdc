/**
 * Runs a plan's steps in order, each with the context its skill was granted and a timeout; a step
 * may consume the previous step's result. The same runner calls contributed handlers (commands,
 * views), so every call of skill code takes one path: built-ins in-process, community skills
 * through the sandbox invoker.
 */
import {
  SkillResultSchema,
  describeIssues,
  type KernelEvent,
  type Plan,
  type Request,
  type Response,
  type SkillContext,
  type SkillResult,
  type Slots,
  type StepResult,
} from '../contracts/index.js';
import type { ContextScope } from '../capabilities/index.js';
import { fillFromInput } from '../intent/index.js';
import { explainStorage } from '../store/index.js';
import type { LoadedSkill, SkillRegistry } from '../skills/index.js';
import { producesUntrusted } from './policy.js';

/** Runs a community skill's handler (in its sandbox). Built-ins run in-process. */
export type SkillInvoker = (skill: LoadedSkill, handler: string, slots: Slots, ctx: SkillContext) => Promise<SkillResult>;

export interface ExecutorHost {
  registry: Pick<SkillRegistry, 'get' | 'module'>;
  contextFor(skill: LoadedSkill, scope: ContextScope): SkillContext;
  invoker(): SkillInvoker | undefined;
  emit(event: KernelEvent): void;
  stepTimeoutMs: number;
  /** The profile folder, named when a step's write fails for lack of space or permission. */
  profileDir?: string;
}

type Executed = Omit<Response, 'durationMs' | 'kernelMs'>;

export class Executor {
  constructor(private readonly host: ExecutorHost) {}

  /** `prior`: results from before this request a step may consume (`inputFrom: "last"`). */
  async execute(request: Request & { id: string }, plan: Plan, now: Date, timezone: string, prior?: ReadonlyMap<string, SkillResult>): Promise<Executed> {
    const steps: StepResult[] = [];
    const results = new Map<string, SkillResult>(prior);
    for (const step of plan.steps) {
      const t0 = performance.now();
      const skill = this.host.registry.get(step.skill);
      const input = step.inputFrom ? results.get(step.inputFrom) : undefined;
      try {
        if (!skill) throw new Error(`the skill "${step.skill}" is not installed`);
        if (step.inputFrom && !input) throw new Error('the step it depends on did not produce a result');
        const slots = input ? fillFromInput(step.slots, input, skill.manifest.intents.find((i) => i.id === step.intent), step.inputIndex) : step.slots;
        const result = await this.call(skill, step.intent, slots, { requestId: request.id, text: step.text, now, timezone, ...(input ? { input } : {}) });
        results.set(step.id, result);
        steps.push({ stepId: step.id, skill: step.skill, intent: step.intent, slots, text: step.text, ...(step.undo ? { undo: true } : {}), status: 'ok', result, durationMs: performance.now() - t0 });
      } catch (error) {
        const denied = (error as Error).name === 'CapabilityDenied';
        // A full disk or an unwritable profile is named with its fix, not as SQLite's own words.
        const cause = explainStorage(error, this.host.profileDir ?? 'the profile folder', 'this change') as Error;
        steps.push({ stepId: step.id, skill: step.skill, intent: step.intent, slots: step.slots, text: step.text, status: denied ? 'denied' : 'error', error: cause.message, durationMs: performance.now() - t0 });
        this.host.emit({ type: 'skill.error', skill: step.skill, message: (error as Error).message });
      }
    }
    return this.summarize(request, steps);
  }

  /**
   * Calls one handler of a skill with its granted context and a timeout; the result is validated.
   * `signal` (optional) lets the caller cancel, e.g. Ctrl-C in the CLI; `timeoutMs` replaces the
   * step timeout (Infinity: none, for a command the user runs in a terminal and can stop).
   */
  async call(skill: LoadedSkill, handler: string, slots: Slots, scope: Omit<ContextScope, 'signal'> & { signal?: AbortSignal; timeoutMs?: number }): Promise<SkillResult> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    scope.signal?.addEventListener('abort', onAbort, { once: true });
    const ctx = this.host.contextFor(skill, { ...scope, signal: controller.signal });
    const limit = scope.timeoutMs ?? this.host.stepTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (!Number.isFinite(limit)) return;
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`it did not answer within ${Math.round(limit / 1000)} s`));
      }, limit);
    });
    try {
      const raw = await Promise.race([this.invoke(skill, handler, slots, ctx), timeout]);
      const parsed = SkillResultSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`it returned a malformed result (${describeIssues(parsed.error).join('; ')})`);
      return producesUntrusted(skill) ? { ...parsed.data, untrusted: true } : parsed.data;
    } finally {
      clearTimeout(timer);
      scope.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async invoke(skill: LoadedSkill, handler: string, slots: Slots, ctx: SkillContext): Promise<unknown> {
    if (!skill.builtin) {
      const invoker = this.host.invoker();
      if (!invoker) throw new Error('community skills run only in the sandbox, which is not available in this process');
      return invoker(skill, handler, slots, ctx);
    }
    const mod = await this.host.registry.module(skill.manifest.id);
    const fn = mod[handler];
    if (typeof fn !== 'function') throw new Error(`${skill.manifest.id} has no handler "${handler}"`);
    return fn(slots, ctx);
  }

  private summarize(request: Request & { id: string }, steps: StepResult[]): Executed {
    const ok = steps.filter((s) => s.status === 'ok');
    const status = ok.length === steps.length ? 'served' : ok.length > 0 ? 'partial' : steps.every((s) => s.status === 'denied') ? 'denied' : 'error';
    const name = (id: string) => this.host.registry.get(id)?.manifest.name ?? id;
    const text = steps.map((s) => (s.status === 'ok' ? s.result!.text : `${name(s.skill)} could not do that: ${s.error}`)).join('\n');
    const first = steps.find((s) => s.status !== 'ok');
    return {
      requestId: request.id,
      sessionId: request.sessionId,
      status,
      text,
      steps,
      suggestions: [],
      ...(first && status !== 'served' ? { error: { code: first.status === 'denied' ? 'denied' : 'skill_failed', message: first.error ?? 'failed' } } : {}),
    };
  }
}
