/**
 * Follow-ups resolved against the conversation's last served request: "again", "cancel that",
 * "change it to 12 minutes" (the same object changed: the old one is undone and the changed
 * request runs), "and to ounces?" / "what about 30%?" (the last request with the new value),
 * "times 3" (the last result continued), "add another one: …". A follow-up with nothing to refer
 * to gets a question back, never a guess.
 */
import type { IntentEngine, IntentSpec, PlanOptions, PlanOutcome, PlanStep, SessionState, SkillManifest, StepResult } from '../contracts/index.js';
import { AGAIN, AMEND, ANOTHER, CANCEL, ELLIPSIS, continuation, shiftDuration, substitute } from './conversation.js';
import { fillFromInput } from './dataflow.js';
import { findDates } from './entities.js';
import { listForms } from './slot-forms.js';

export type ManifestLookup = (skillId: string) => SkillManifest | undefined;

export interface FollowUpHost {
  engine: IntentEngine;
  manifests: ManifestLookup;
  /** Plans a (rewritten) request from scratch, without follow-up resolution. */
  fresh(text: string, options: PlanOptions): PlanOutcome;
  complete(steps: PlanStep[]): PlanOutcome;
}

const UNDO = /(?:^|[._-])(?:cancel|delete|remove|undo|stop|forget|clear|dismiss)(?:$|[._-])/;

/** A question for a follow-up that has nothing to refer to. */
export function nothingToReferTo(text: string): PlanOutcome {
  return {
    kind: 'clarify',
    question: `"${text}" follows on from something, but there is nothing earlier in this conversation it could refer to. What should I do? Say the whole request, e.g. "set a timer for 10 minutes".`,
    choices: [],
  };
}

export class FollowUps {
  constructor(private readonly host: FollowUpHost) {}

  /** The follow-up's plan, a question when it refers to nothing, or undefined when the text is not a follow-up. */
  resolve(text: string, session: SessionState, options: PlanOptions): PlanOutcome | undefined {
    const last = session.last?.steps.filter((s) => s.status === 'ok' && !s.undo) ?? [];
    const lastText = session.last?.text;
    const isFollowUp = AGAIN.test(text) || CANCEL.test(text) || AMEND.test(text) || continuation(text) !== undefined || (ANOTHER.test(text) && /\b(another|one more)\b/i.test(text));
    if (last.length === 0 || !lastText) {
      if (isFollowUp) return nothingToReferTo(text);
      const ellipsis = ELLIPSIS.exec(text);
      if (!ellipsis) return undefined;
      // "and set a timer for 5 minutes" stands on its own; "and to ounces?" does not.
      const own = this.host.fresh(ellipsis[1]!, options);
      return own.kind === 'not_understood' ? nothingToReferTo(text) : own;
    }
    const prev = last.at(-1)!;
    const asStep = (s: StepResult, n: number, slots = s.slots): PlanStep => ({ id: `s${n + 1}`, skill: s.skill, intent: s.intent, slots, text: lastText, confidence: 1 });

    if (AGAIN.test(text)) return this.host.complete(last.map((s, n) => asStep(s, n)));
    if (CANCEL.test(text)) {
      const undo = this.undoStep(prev, text);
      return undo ? this.host.complete([undo]) : { kind: 'not_understood', candidates: [] };
    }
    const amend = AMEND.exec(text);
    if (amend) return this.amend(prev, lastText, amend[1]?.toLowerCase(), amend[2]!, options);
    const cont = continuation(text);
    if (cont) return this.continueFrom(prev, cont, options);
    const another = ANOTHER.exec(text);
    if (another && /\b(another|one more)\b/i.test(text)) return this.another(prev, lastText, another[1]!.trim(), options, asStep);
    const ellipsis = ELLIPSIS.exec(text);
    if (ellipsis) return this.ellipsis(prev, lastText, ellipsis[1]!, options, asStep);
    return undefined;
  }

  /** A bare value after a request ("30%?", "in 40 minutes"): the last request with that value, if it makes sense. */
  bareValue(text: string, session: SessionState, options: PlanOptions): PlanOutcome | undefined {
    const lastText = session.last?.text;
    if (!lastText || text.split(/\s+/).length > 5) return undefined;
    const changed = substitute(lastText, text, options);
    if (!changed || changed === lastText) return undefined;
    const out = this.host.fresh(changed, options);
    return out.kind === 'not_understood' ? undefined : out;
  }

  /** The step undoing what the conversation's last request made (a note, a reminder), when it made something. */
  undoLast(session: SessionState): PlanStep | undefined {
    const prev = session.last?.steps.filter((s) => s.status === 'ok' && !s.undo).at(-1);
    return prev && createdSomething(prev) ? this.undoStep(prev, `undo "${session.last!.text}"`) : undefined;
  }

  /** The step that undoes what a step did (its skill's cancel/delete intent, given the id or title it produced). */
  undoStep(prev: StepResult, text: string): PlanStep | undefined {
    const manifest = this.host.manifests(prev.skill);
    if (!manifest) return undefined;
    const family = prev.intent.split('.')[0];
    const undos = manifest.intents.filter((i) => UNDO.test(i.id) && i.id !== prev.intent);
    // The undo of the same family first ("timer.set" → a "timer…cancel" before a "reminder.cancel").
    const undo = undos.find((i) => i.id.split('.')[0] === family) ?? undos[0];
    if (!undo) return undefined;
    const slots = fillFromInput({}, prev.result, undo, undefined, false);
    if (Object.keys(undo.slots).length > 0 && Object.keys(slots).length === 0) return undefined;
    return { id: 's1', skill: prev.skill, intent: undo.id, slots, text, confidence: 0.9 };
  }

  /** "change it to 12 minutes": the last request with the new value; what it created is then undone. */
  private amend(prev: StepResult, lastText: string, prep: string | undefined, value: string, options: PlanOptions): PlanOutcome {
    const changed =
      (prep === 'by' ? shiftDuration(lastText, value) : undefined) ??
      substitute(lastText, value, options) ??
      (prep ? substitute(lastText, `${prep} ${value}`, options) : undefined);
    if (!changed) {
      return { kind: 'clarify', question: `I could not tell what "${value}" should change in "${lastText}". Say the whole request again with the new value.`, choices: [] };
    }
    const outcome = this.host.fresh(changed, options);
    if (outcome.kind !== 'plan') return outcome;
    const created = createdSomething(prev);
    const undo = created ? this.undoStep(prev, `undo "${lastText}"`) : undefined;
    if (!undo) return outcome;
    return this.host.complete(thenUndo(outcome.plan.steps, undo));
  }

  /** "times 3" after 400: the last result's value continued. */
  private continueFrom(prev: StepResult, text: string, options: PlanOptions): PlanOutcome {
    const value = numericValue(prev);
    if (value === undefined) return { kind: 'clarify', question: `"${text}" — of what? The last answer was not a number. Say the whole calculation, e.g. "what is 400 ${text}".`, choices: [] };
    return this.host.fresh(`what is ${value} ${text}`, options);
  }

  private another(prev: StepResult, lastText: string, rest: string, options: PlanOptions, asStep: (s: StepResult, n: number, slots?: Record<string, unknown>) => PlanStep): PlanOutcome {
    if (!rest) return this.host.complete([asStep(prev, 0)]);
    const replaced = replaceTextSlot(prev, lastText, rest);
    if (replaced) {
      const out = this.host.fresh(replaced, options);
      if (out.kind !== 'not_understood') return out;
    }
    const rec = this.host.engine.recognize(rest, { ...options, skills: [prev.skill] });
    const same = rec.candidates.find((c) => c.intent === prev.intent);
    const slots = same ? Object.fromEntries(same.slots.map((s) => [s.name, s.value])) : textSlotOnly(this.spec(prev), rest);
    return this.host.complete([{ ...asStep(prev, 0, { ...prev.slots, ...slots }), text: rest }]);
  }

  /** "and to ounces?", "what about 30%?", "and tomorrow?", "and for Paris?". */
  private ellipsis(prev: StepResult, lastText: string, fragment: string, options: PlanOptions, asStep: (s: StepResult, n: number, slots?: Record<string, unknown>) => PlanStep): PlanOutcome {
    const cont = continuation(fragment);
    if (cont) return this.continueFrom(prev, cont, options);
    // A value of one of the step's list slots ("and in kilograms?") replaces the value it stands for.
    const swapped = swapListValue(this.spec(prev), prev, lastText, fragment);
    if (swapped) {
      const out = this.host.fresh(swapped, options);
      if (sameSkill(out, prev)) return out;
    }
    const changed = substitute(lastText, fragment, options);
    // A new date for a step that takes one ("and tomorrow?"): that slot changes, the rest stays.
    const spec = this.spec(prev);
    const dateSlot = Object.entries(spec?.slots ?? {}).find(([, s]) => 'type' in s && (s.type === 'datetime' || s.type === 'date' || s.type === 'time'));
    const now = options.now ?? new Date();
    const hit = findDates(fragment, now, options.timezone)[0];
    if (dateSlot && hit) {
      const type = (dateSlot[1] as { type: string }).type;
      const whole = (changed ? findDates(changed, now, options.timezone).find((d) => d.text.includes(hit.text) || hit.text.includes(d.text)) : undefined) ?? hit;
      const value = type === 'date' ? whole.value.slice(0, 10) : type === 'time' ? whole.value.slice(11, 16) : whole.value;
      return this.host.complete([{ ...asStep(prev, 0, { ...prev.slots, [dateSlot[0]]: value }), text: changed ?? fragment }]);
    }
    if (changed && changed !== lastText) {
      const out = this.host.fresh(changed, options);
      // A follow-up goes on with the same task: a reading by another skill is a wrong substitution.
      if (sameSkill(out, prev)) return out;
    }
    // The same intent with the new words, when the engine places them there ("and for Paris?").
    const rec = this.host.engine.recognize(fragment, { ...options, skills: [prev.skill] });
    const slots = rec.candidates.find((c) => c.intent === prev.intent)?.slots ?? [];
    if (slots.length) return this.host.complete([{ ...asStep(prev, 0, { ...prev.slots, ...Object.fromEntries(slots.map((s) => [s.name, s.value])) }), text: fragment }]);
    // Not a change of the last request after all: a request of its own ("and set a timer for 5 minutes").
    return this.host.fresh(fragment, options);
  }

  private spec(step: StepResult): IntentSpec | undefined {
    return this.host.manifests(step.skill)?.intents.find((i) => i.id === step.intent);
  }
}

/**
 * The new steps first, then the undo of what the old request made, run only once the new steps
 * succeeded (it consumes the last of them, which the executor requires to have produced a result;
 * its own slots already name what to undo, so nothing is taken from that result). A failed change
 * so leaves the old reminder or note in place rather than losing it.
 */
export function thenUndo(steps: PlanStep[], undo: PlanStep): PlanStep[] {
  const last = steps.at(-1)!;
  return [...steps, { ...undo, id: `s${steps.length + 1}`, inputFrom: last.id, undo: true }];
}

function sameSkill(out: PlanOutcome, prev: StepResult): boolean {
  return (out.kind === 'plan' || out.kind === 'ask_slot') && out.plan.steps.every((s) => s.skill === prev.skill);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "and in kilograms?" after "how many grams in 2 pounds": the fragment names a value of list slots
 * the step filled (unit, target); it replaces one of their values in the words. Without a number
 * it replaces the value that stands without one ("grams", not "2 pounds"); with one, the other.
 */
function swapListValue(spec: IntentSpec | undefined, prev: StepResult, lastText: string, fragment: string): string | undefined {
  if (!spec) return undefined;
  const frag = ` ${fragment.toLowerCase().replace(/[?.!,]/g, ' ')} `;
  let found: { form: string; slots: string[] } | undefined;
  for (const [name, slot] of Object.entries(spec.slots)) {
    const list = listForms(slot);
    if (!list) continue;
    for (const form of list.forms.keys()) {
      if (!frag.includes(` ${form} `)) continue;
      if (!found || form.length > found.form.length) found = { form, slots: [name] };
      else if (form === found.form) found.slots.push(name);
    }
  }
  if (!found) return undefined;
  const withNumber = /\d/.test(fragment);
  const spans: { start: number; end: number; numbered: boolean }[] = [];
  for (const name of found.slots) {
    const old = prev.slots[name];
    const list = listForms(spec.slots[name]!)!;
    const forms = [...list.forms].filter(([, v]) => v === old).map(([f]) => f).sort((a, b) => b.length - a.length);
    for (const form of forms) {
      const m = new RegExp(`(?<![\\w])${escape(form)}(?![\\w])`, 'i').exec(lastText);
      if (!m) continue;
      spans.push({ start: m.index, end: m.index + m[0].length, numbered: /\d\s*$/.test(lastText.slice(0, m.index)) });
      break;
    }
  }
  const span = spans.find((s) => s.numbered === withNumber) ?? spans.at(-1);
  if (!span) return undefined;
  const numberStart = withNumber && span.numbered ? (/(\d+(?:[.,]\d+)?)\s*$/.exec(lastText.slice(0, span.start))?.index ?? span.start) : span.start;
  const value = withNumber ? fragment.replace(/^(?:and|or|in|to|into|as|for)\s+/i, '').replace(/[?.!]+$/, '').trim() : found.form;
  return `${lastText.slice(0, numberStart)}${value}${lastText.slice(span.end)}`;
}

/** The step made something that stays (a reminder, a note): its result names what it made. */
function createdSomething(step: StepResult): boolean {
  const data = step.result?.data as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object') return false;
  const hasId = (r: unknown) => !!r && typeof r === 'object' && ['string', 'number'].includes(typeof (r as { id?: unknown }).id);
  return hasId(data) || Object.values(data).some(hasId);
}

function numericValue(step: StepResult): number | undefined {
  const data = step.result?.data as Record<string, unknown> | undefined;
  for (const key of ['value', 'result', 'total', 'rounded']) {
    const v = data?.[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

/** The last request with its free-text slot's words replaced ("add a note: call the vet" → "add a note: order stamps"). */
function replaceTextSlot(prev: StepResult, lastText: string, rest: string): string | undefined {
  for (const value of Object.values(prev.slots)) {
    if (typeof value !== 'string' || value.length < 2) continue;
    const at = lastText.toLowerCase().indexOf(value.toLowerCase());
    if (at >= 0) return `${lastText.slice(0, at)}${rest}${lastText.slice(at + value.length)}`;
  }
  return undefined;
}

function textSlotOnly(spec: IntentSpec | undefined, rest: string): Record<string, unknown> {
  const name = Object.entries(spec?.slots ?? {}).find(([, s]) => 'type' in s && s.type === 'text')?.[0];
  return name ? { [name]: rest } : {};
}
