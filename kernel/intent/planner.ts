/**
 * From recognition to a plan: follow-ups on the session's last request ("and tomorrow?", "do that
 * again", "cancel it"), multi-step requests split at "and"/"then" (a step saying "it" consumes
 * the previous step's result), a clarification question when the engine finds the request
 * ambiguous, and a slot question when a required slot is missing.
 */
import type {
  IntentEngine,
  IntentCandidate,
  IntentSpec,
  PendingQuestion,
  Plan,
  PlanOutcome,
  PlanStep,
  Planner,
  Recognition,
  SessionState,
  SkillManifest,
  SkillResult,
} from '../contracts/index.js';
import { findDates, parseTyped } from './entities.js';

export type ManifestLookup = (skillId: string) => SkillManifest | undefined;
type Options = { now?: Date; timezone?: string };

export function stepFromCandidate(c: IntentCandidate, text: string, id = 's1'): PlanStep {
  return { id, skill: c.skill, intent: c.intent, text, confidence: c.confidence, slots: Object.fromEntries(c.slots.map((s) => [s.name, s.value])) };
}

const intentOf = (manifests: ManifestLookup, skill: string, intent: string) => manifests(skill)?.intents.find((i) => i.id === intent);

/** The first required slot of a step that has no value, with the question to ask. */
export function missingSlot(step: PlanStep, manifests: ManifestLookup): { slot: string; question: string } | undefined {
  const intent = intentOf(manifests, step.skill, step.intent);
  if (!intent) return undefined;
  for (const [name, spec] of Object.entries(intent.slots)) {
    const v = step.slots[name];
    if (spec.required && (v === undefined || v === null || v === '')) return { slot: name, question: spec.prompt ?? `What ${name}?` };
  }
  return undefined;
}

/** Slots a step left empty, taken from the result of the step it consumes ("find the report and open it"). */
export function fillFromInput(slots: Record<string, unknown>, input: SkillResult | undefined, intent: IntentSpec | undefined): Record<string, unknown> {
  if (!input || !intent) return slots;
  const data = input.data as Record<string, unknown> | undefined;
  const records: Record<string, unknown>[] = [];
  const push = (v: unknown) => v && typeof v === 'object' && !Array.isArray(v) && records.push(v as Record<string, unknown>);
  push(data);
  for (const key of ['items', 'files', 'results', 'notes', 'matches']) if (data && Array.isArray(data[key])) push((data[key] as unknown[])[0]);
  if (Array.isArray(input.data)) push(input.data[0]);
  if (input.card?.type === 'files') push(input.card.files[0]);
  if (input.card?.type === 'list') push(input.card.items[0]);
  const out = { ...slots };
  for (const [name, spec] of Object.entries(intent.slots)) {
    if (out[name] !== undefined && out[name] !== '') continue;
    const type = 'type' in spec ? spec.type : undefined;
    const keys = [name, ...(type === 'path' ? ['path', 'file'] : type === 'url' ? ['url', 'href'] : []), ...(/id$/i.test(name) ? ['id'] : [])];
    for (const r of records) {
      const key = keys.find((k) => r[k] !== undefined && r[k] !== null);
      if (key) {
        out[name] = r[key];
        break;
      }
    }
  }
  return out;
}

const AGAIN = /^(?:please\s+)?(?:do (?:that|it|this) again|again|repeat(?: that| it)?|once more|same again)\W*$/i;
const CANCEL = /^(?:please\s+)?(?:cancel|undo|delete|remove|stop)\s+(?:it|that|this|the last one)\W*$/i;
const FOLLOW = /^(?:and|what about|how about|and what about)\s+(.+?)\W*$/i;
const SPLIT = /\s*(?:,\s*)?\b(?:and then|then|and also|and|after that)\s+|\s*;\s*/i;
const PRONOUN = /\b(?:it|that|them|this one|those)\b/i;

/** The texts the planner may recognise for a request: the whole and its multi-step parts (embeddings prepare them). */
export function requestParts(text: string): string[] {
  const whole = text.trim();
  if (!SPLIT.test(whole)) return [whole];
  return [whole, ...whole.split(SPLIT).map((p) => p.trim()).filter(Boolean)];
}

export class SimplePlanner implements Planner {
  constructor(
    private readonly engine: IntentEngine,
    private readonly manifests: ManifestLookup,
  ) {}

  plan(text: string, session: SessionState, options: Options = {}): PlanOutcome {
    const follow = this.followUp(text.trim(), session, options);
    if (follow) return follow;
    const rec = this.engine.recognize(text, options);
    const top = rec.candidates[0];
    // A template whose free-text slot swallowed "… and …" is the weaker reading: try the split.
    const swallowed = !!top && top.slots.some((s) => typeof s.value === 'string' && SPLIT.test(s.raw));
    const multi = top?.source === 'template' && !rec.ambiguous && !swallowed ? undefined : this.multiStep(text, rec, options, swallowed);
    if (multi) return this.complete(multi);
    if (rec.outOfScope || rec.candidates.length === 0) return { kind: 'not_understood', candidates: rec.candidates.slice(0, 3) };
    if (rec.ambiguous) {
      return {
        kind: 'clarify',
        question: 'Which did you mean?',
        choices: rec.candidates.slice(0, 4).map((c, n) => ({
          label: intentOf(this.manifests, c.skill, c.intent)?.description ?? `${c.skill}: ${c.intent}`,
          value: String(n + 1),
          step: stepFromCandidate(c, text),
        })),
      };
    }
    return this.complete({ steps: [stepFromCandidate(rec.candidates[0]!, text)] });
  }

  /** "and tomorrow?", "do that again", "cancel it": resolved against the session's last request. */
  private followUp(text: string, session: SessionState, options: Options): PlanOutcome | undefined {
    const last = session.last?.steps.filter((s) => s.status === 'ok') ?? [];
    if (last.length === 0) return undefined;
    const asStep = (s: (typeof last)[number], n: number, slots = s.slots): PlanStep => ({ id: `s${n + 1}`, skill: s.skill, intent: s.intent, slots, text: session.last!.text, confidence: 1 });
    if (AGAIN.test(text)) return this.complete({ steps: last.map((s, n) => asStep(s, n)) });
    if (CANCEL.test(text)) {
      const prev = last.at(-1)!;
      const manifest = this.manifests(prev.skill);
      const undo = manifest?.intents.find((i) => /cancel|delete|remove|undo|stop/.test(i.id));
      if (!undo) return undefined;
      const slots = fillFromInput({}, prev.result, undo);
      return this.complete({ steps: [{ id: 's1', skill: prev.skill, intent: undo.id, slots, text, confidence: 0.9 }] });
    }
    const m = FOLLOW.exec(text);
    if (!m) return undefined;
    const prev = last.at(-1)!;
    const spec = intentOf(this.manifests, prev.skill, prev.intent);
    const dateSlot = Object.entries(spec?.slots ?? {}).find(([, s]) => 'type' in s && (s.type === 'datetime' || s.type === 'date' || s.type === 'time'));
    const hit = findDates(m[1]!, options.now ?? new Date(), options.timezone)[0];
    if (dateSlot && hit) {
      const type = (dateSlot[1] as { type: string }).type;
      const value = type === 'date' ? hit.value.slice(0, 10) : type === 'time' ? hit.value.slice(11, 16) : hit.value;
      return this.complete({ steps: [{ ...asStep(prev, 0, { ...prev.slots, [dateSlot[0]]: value }), text }] });
    }
    // "and for Paris?": the same intent with the new words, when the engine places them there.
    const rec = this.engine.recognize(m[1]!, { ...options, skills: [prev.skill] });
    const slots = rec.candidates.find((c) => c.intent === prev.intent)?.slots ?? [];
    if (slots.length) return this.complete({ steps: [{ ...asStep(prev, 0, { ...prev.slots, ...Object.fromEntries(slots.map((s) => [s.name, s.value])) }), text }] });
    return undefined;
  }

  /** Splits "A and B then C" into steps when every part is understood on its own. */
  private multiStep(text: string, whole: Recognition, options: Options, preferSplit = false): Plan | undefined {
    if (!SPLIT.test(text)) return undefined;
    const parts = text.split(SPLIT).map((p) => p.trim()).filter(Boolean);
    if (parts.length < 2 || parts.length > 8 || parts.some((p) => p.split(/\s+/).length < 2)) return undefined;
    const steps: PlanStep[] = [];
    let sum = 0;
    for (const [n, part] of parts.entries()) {
      const rec = this.engine.recognize(part, options);
      const top = rec.candidates[0];
      if (rec.outOfScope || rec.ambiguous || !top) return undefined;
      sum += top.confidence;
      const step = stepFromCandidate(top, part, `s${n + 1}`);
      if (n > 0 && PRONOUN.test(part)) step.inputFrom = `s${n}`;
      steps.push(step);
    }
    const wholeConfidence = whole.outOfScope ? 0 : (whole.candidates[0]?.confidence ?? 0);
    if (!preferSplit && sum / steps.length < wholeConfidence) return undefined;
    return { steps };
  }

  answer(pending: PendingQuestion, answer: string, session: SessionState, options: Options = {}): PlanOutcome {
    const reply = answer.trim();
    if (pending.kind === 'clarify' && pending.choices) {
      const lower = reply.toLowerCase();
      const ordinal = ['first', 'second', 'third', 'fourth'].indexOf(lower.replace(/^the\s+|\s+one$/g, ''));
      const choice =
        pending.choices.find((c) => c.value === reply) ??
        (ordinal >= 0 ? pending.choices[ordinal] : undefined) ??
        pending.choices.find((c) => c.label.toLowerCase() === lower) ??
        pending.choices.find((c) => lower.length > 2 && c.label.toLowerCase().includes(lower));
      if (!choice) return this.plan(answer, session, options);
      return this.complete({ steps: [choice.step] });
    }
    if (pending.kind === 'ask_slot' && pending.plan && pending.stepId && pending.slot) {
      const step = pending.plan.steps.find((s) => s.id === pending.stepId);
      const spec = step ? intentOf(this.manifests, step.skill, step.intent)?.slots[pending.slot] : undefined;
      let value: unknown = reply;
      if (spec && step) {
        // Normalise the answer like a slot in a request ("in ten minutes" → ms, "tomorrow" → ISO).
        const rec = this.engine.recognize(reply, { ...options, skills: [step.skill] });
        const found = rec.candidates.flatMap((c) => c.slots).find((s) => s.name === pending.slot && s.raw.length >= reply.length * 0.6);
        if (found) value = found.value;
        else if ('type' in spec && spec.type !== 'text' && spec.type !== 'word') {
          const parsed = parseAnswer(spec.type, reply, options);
          if (parsed !== undefined) value = parsed;
        }
      }
      const plan: Plan = { steps: pending.plan.steps.map((s) => (s.id === pending.stepId ? { ...s, slots: { ...s.slots, [pending.slot!]: value } } : s)) };
      return this.complete(plan);
    }
    return this.plan(answer, session, options);
  }

  private complete(plan: Plan): PlanOutcome {
    for (const step of plan.steps) {
      if (step.inputFrom) continue; // its missing slots come from the step it consumes
      const missing = missingSlot(step, this.manifests);
      if (missing) return { kind: 'ask_slot', question: missing.question, plan, stepId: step.id, slot: missing.slot };
    }
    return { kind: 'plan', plan };
  }
}

function parseAnswer(type: Parameters<typeof parseTyped>[0], reply: string, options: Options): unknown {
  return parseTyped(type, reply, options.now ?? new Date(), options.timezone);
}
