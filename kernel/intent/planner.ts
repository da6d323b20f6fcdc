/**
 * From recognition to a plan. Before recognition the conversation is taken into account
 * (conversation.ts, followups.ts): fillers and corrections are dropped, people pronouns name the
 * person talked about, and follow-ups ("again", "cancel that", "change it to 12 minutes", "and to
 * ounces?") are resolved against the last served request. Requests with several steps are split
 * at "and"/"then" (shared units distributed, bare values completed from the step before), and a
 * step that refers to an earlier result ("save the answer as a note") consumes it. Ambiguity
 * becomes a question with choices; a missing required slot, a question for it.
 */
import type { IntentEngine, IntentCandidate, PendingQuestion, Plan, PlanOptions, PlanOutcome, PlanStep, Planner, Recognition, SessionState } from '../contracts/index.js';
import { parseTyped } from './entities.js';
import { discourse, distributeUnits, isBareValue, resolvePronouns, substitute, usesPersonPronoun } from './conversation.js';
import { linkResultReference, recoverSwallowed, stepFromCandidate } from './dataflow.js';
import { FollowUps, thenUndo, type ManifestLookup } from './followups.js';
import { listForms } from './slot-forms.js';

export { stepFromCandidate, fillFromInput } from './dataflow.js';
export type { ManifestLookup } from './followups.js';

const intentOf = (manifests: ManifestLookup, skill: string, intent: string) => manifests(skill)?.intents.find((i) => i.id === intent);

/** The first required slot of a step that has no value, with the question to ask and the answers to offer. */
export function missingSlot(step: PlanStep, manifests: ManifestLookup): { slot: string; question: string; choices: string[] } | undefined {
  const intent = intentOf(manifests, step.skill, step.intent);
  if (!intent) return undefined;
  for (const [name, spec] of Object.entries(intent.slots)) {
    const v = step.slots[name];
    if (spec.required && (v === undefined || v === null || v === '')) {
      const list = listForms(spec);
      const choices = spec.choices ?? (list ? [...new Set(list.forms.values())].map(String).slice(0, 8) : []);
      // A prompt may name the values already given: "{amount} what? Which unit should I convert from?"
      const question = (spec.prompt ?? `What ${name}?`).replace(/\{([a-zA-Z][a-zA-Z0-9_]*)\}/g, (all, slot: string) => {
        const given = step.slots[slot];
        return typeof given === 'string' || typeof given === 'number' ? String(given) : all === `{${name}}` ? '' : 'that';
      });
      return { slot: name, question, choices };
    }
  }
  return undefined;
}

/** "and then", "then", "after that", ";" end a step for sure; a bare "and" may join words inside one. */
const STRONG = /\s*(?:,\s*)?\b(?:and then|then|after that|afterwards|and also)\s+|\s*;\s*/i;
const SPLIT = /\s*(?:,\s*)?\b(?:and then|then|and also|and|after that|afterwards)\s+|\s*;\s*/i;

/** The texts the planner may recognise for a request: the whole and its multi-step parts (embeddings prepare them). */
export function requestParts(text: string): string[] {
  const whole = text.trim();
  if (!SPLIT.test(whole)) return [whole];
  return [whole, ...splitParts(whole)];
}

function splitParts(text: string): string[] {
  const parts = distributeUnits(text)
    .split(SPLIT)
    .map((p) => p.trim())
    .filter(Boolean);
  // A bare value borrows the rest of the part before it ("set timers for 3 minutes and 7 minutes").
  for (let n = 1; n < parts.length; n++) if (isBareValue(parts[n]!)) parts[n] = substitute(parts[n - 1]!, parts[n]!) ?? parts[n]!;
  return parts;
}

export class SimplePlanner implements Planner {
  private readonly followUps: FollowUps;

  constructor(
    private readonly engine: IntentEngine,
    private readonly manifests: ManifestLookup,
  ) {
    this.followUps = new FollowUps({ engine, manifests, fresh: (text, options) => this.fresh(text, options), complete: (steps) => this.complete({ steps }) });
  }

  plan(text: string, session: SessionState, options: PlanOptions = {}): PlanOutcome {
    const said = discourse(text);
    const person = session.entities?.find((e) => !e.type || e.type === 'person')?.name;
    const words = usesPersonPronoun(said.text) && person ? resolvePronouns(said.text, person) : said.text;
    const follow = this.followUps.resolve(words, session, options);
    if (follow) return follow;
    const outcome = this.fresh(words, options);
    if (outcome.kind === 'plan' && said.correction) return this.corrected(outcome.plan, session);
    if (outcome.kind !== 'not_understood') return this.fromConversation(outcome, session);
    // A bare value after a request: the last request with it ("30%?").
    return this.followUps.bareValue(words, session, options) ?? outcome;
  }

  /**
   * "no, I meant …": what the misunderstood request made is undone once the meant one has run (a note
   * saved by mistake does not stay). A plan that is the same intent again is only a changed request.
   */
  private corrected(plan: Plan, session: SessionState): PlanOutcome {
    const prev = session.last?.steps.filter((s) => s.status === 'ok' && !s.undo).at(-1);
    const undo = prev && !plan.steps.some((s) => s.skill === prev.skill && s.intent === prev.intent) ? this.followUps.undoLast(session) : undefined;
    if (!undo) return this.complete(plan);
    return this.complete({ steps: thenUndo(plan.steps, undo) });
  }

  /** Plans a request on its own words: one intent, several steps, or a question. */
  fresh(text: string, options: PlanOptions = {}): PlanOutcome {
    const rec = this.engine.recognize(text, options);
    const top = rec.candidates[0];
    const learned = options.prefer && !(top?.source === 'template' && !rec.ambiguous) ? this.learned(text, options.prefer, options) : undefined;
    if (learned) return learned;
    // A template whose free-text slot swallowed "… and …" is the weaker reading: try the split.
    const swallowed = !!top && top.slots.some((s) => SPLIT.test(s.raw));
    // "and then" ends a step for sure; so do coordinated values ("timers for 3 and 7 minutes": one value per step).
    const strong = STRONG.test(text) || distributeUnits(text) !== text;
    const multi = top?.source === 'template' && !rec.ambiguous && !swallowed && !strong ? undefined : this.multiStep(text, rec, options, swallowed || strong);
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
    const outcome = this.complete({ steps: [this.step(top!, text, options)] });
    return top!.source === 'template' || top!.source === 'fuzzy' ? outcome : this.answerFirst(outcome, text, options);
  }

  /**
   * A question the user's own knowledge may answer ("when does the gym open") is tried there
   * before a guessed reading acts or asks ("open" → which file?): an answer beats a question.
   */
  private answerFirst(outcome: PlanOutcome, text: string, options: PlanOptions): PlanOutcome {
    if (outcome.kind !== 'plan' && outcome.kind !== 'ask_slot') return outcome;
    const fallback = this.engine.fallbacks?.(text, options)[0];
    if (!fallback || outcome.plan.steps.some((s) => s.skill === fallback.skill && s.intent === fallback.intent)) return outcome;
    return { ...outcome, first: stepFromCandidate(fallback, text) };
  }

  /** A plan step from a candidate, linked to the earlier result its words name. */
  private step(c: IntentCandidate, text: string, options: PlanOptions, id = 's1'): PlanStep {
    const intent = intentOf(this.manifests, c.skill, c.intent);
    const step = recoverSwallowed(stepFromCandidate(c, text, id), intent, options.now ?? new Date(), options.timezone);
    return linkResultReference(step, intent);
  }

  /** A phrasing the user taught: the intent it means, with the slots the engine finds for it. */
  private learned(text: string, prefer: { skill: string; intent: string }, options: PlanOptions): PlanOutcome | undefined {
    if (!intentOf(this.manifests, prefer.skill, prefer.intent)) return undefined;
    const rec = this.engine.recognize(text, { ...options, skills: [prefer.skill] });
    const found = rec.candidates.find((c) => c.intent === prefer.intent);
    const candidate: IntentCandidate = found ?? { skill: prefer.skill, intent: prefer.intent, confidence: 0.9, slots: [], source: 'template' };
    return this.complete({ steps: [stepFromCandidate({ ...candidate, confidence: Math.max(candidate.confidence, 0.9) }, text)] });
  }

  /** Steps that refer to something from before this request ("save the answer as a note") consume the last result. */
  private fromConversation(outcome: PlanOutcome, session: SessionState): PlanOutcome {
    if (outcome.kind !== 'plan' && outcome.kind !== 'ask_slot') return outcome;
    const lastOk = session.last?.steps.some((s) => s.status === 'ok');
    const steps = outcome.plan.steps;
    if (!steps.some((s) => s.inputFrom === 'prev')) return outcome;
    const fixed = steps.map((s, n) => (s.inputFrom === 'prev' && n === 0 ? { ...s, inputFrom: 'last' } : s));
    if (!lastOk && fixed.some((s) => s.inputFrom === 'last')) {
      const step = fixed.find((s) => s.inputFrom === 'last')!;
      return { kind: 'clarify', question: `"${step.text}" refers to something earlier, but there is nothing earlier in this conversation. What do you mean?`, choices: [] };
    }
    return this.complete({ steps: fixed });
  }

  /** Splits "A and B then C" into steps when every part is understood on its own. */
  private multiStep(text: string, whole: Recognition, options: PlanOptions, preferSplit = false): Plan | undefined {
    if (!SPLIT.test(text)) return undefined;
    const parts = splitParts(text);
    if (parts.length < 2 || parts.length > 8 || parts.some((p) => p.split(/\s+/).length < 2)) return undefined;
    const steps: PlanStep[] = [];
    let sum = 0;
    for (const [n, part] of parts.entries()) {
      const rec = this.engine.recognize(part, options);
      const top = rec.candidates[0];
      if (rec.outOfScope || rec.ambiguous || !top) return undefined;
      sum += top.confidence;
      const step = this.step(top, part, options, `s${n + 1}`);
      if (step.inputFrom === 'prev') {
        if (n === 0) step.inputFrom = 'last';
        else step.inputFrom = `s${n}`;
      } else if (n > 0 && PRONOUN.test(part) && missingSlot(step, this.manifests)) step.inputFrom = `s${n}`;
      steps.push(step);
    }
    const wholeConfidence = whole.outOfScope ? 0 : (whole.candidates[0]?.confidence ?? 0);
    if (!preferSplit && sum / steps.length < wholeConfidence) return undefined;
    return { steps };
  }

  answer(pending: PendingQuestion, answer: string, session: SessionState, options: PlanOptions = {}): PlanOutcome {
    const reply = discourse(answer).text;
    if (pending.kind === 'clarify' && pending.choices?.length) {
      const lower = reply.toLowerCase().replace(/[.!?]+$/, '');
      const ordinal = ['first', 'second', 'third', 'fourth'].indexOf(lower.replace(/^the\s+|\s+one$/g, ''));
      const numbered = /^\d{1,2}$/.test(lower) ? pending.choices[Number(lower) - 1] : undefined;
      const choice =
        pending.choices.find((c) => c.value === reply) ??
        numbered ??
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
      let fits = true;
      if (spec && step) {
        // Normalise the answer like a slot in a request ("in ten minutes" → ms, "tomorrow" → ISO).
        const typed = 'type' in spec && spec.type !== 'text' && spec.type !== 'word' ? parseTyped(spec.type, reply, options.now ?? new Date(), options.timezone) : undefined;
        if (typed !== undefined) value = typed;
        else {
          const rec = this.engine.recognize(reply, { ...options, skills: [step.skill] });
          const found = rec.candidates.flatMap((c) => c.slots).find((s) => s.name === pending.slot && s.raw.length >= reply.length * 0.6);
          if (found) value = found.value;
          else if ('values' in spec) value = listForms(spec)?.forms.get(reply.toLowerCase()) ?? reply;
          else fits = !('type' in spec) || spec.type === 'text' || spec.type === 'word';
        }
      }
      // An answer that is no value of the asked kind is a new request ("convert 5 miles" after "For how long?"),
      // and when it is not one either, the same question again.
      if (!fits) {
        const fresh = this.plan(answer, session, options);
        if (fresh.kind !== 'not_understood') return fresh;
        return { kind: 'ask_slot', question: `Sorry, "${reply}" is not an answer I can use. ${missingSlot(step!, this.manifests)?.question ?? ''}`.trim(), plan: pending.plan, stepId: pending.stepId, slot: pending.slot };
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
      if (missing) return { kind: 'ask_slot', question: missing.question, plan, stepId: step.id, slot: missing.slot, ...(missing.choices.length ? { choices: missing.choices } : {}) };
    }
    return { kind: 'plan', plan };
  }
}

const PRONOUN = /\b(?:it|that|them|this one|those)\b/i;
