/**
 * Workflow suggestions inside a running kernel: the advisor is built from the profile's event log
 * and rebuilt only when new results arrived since the last call.
 */
import type { IntentEngine, SkillManifest } from '../contracts/index.js';
import type { EventLog } from '../events/index.js';
import { WorkflowAdvisor, type AdvisorOptions, type Workflow, type WorkflowSuggestion } from './advisor.js';
import { alwaysRule, findRoutines, type Routine, type RoutineOptions } from './routines.js';
import { eventsFromLog, type WorkflowEvent } from './sessions.js';

export interface PatternsHost {
  eventLog: Pick<EventLog, 'results'> & Partial<Pick<EventLog, 'lastSeq'>>;
  /** To tell whether a request changes something (a follow-up rule watches changes only); optional. */
  engine?: Pick<IntentEngine, 'recognize'>;
  registry?: { get(id: string): { manifest: SkillManifest } | undefined };
}

/** Habits are learned from the recent history only: bounded work per process, and old habits fade. */
const HISTORY_WINDOW = 20_000;

export class PatternService {
  private advisor: WorkflowAdvisor | null = null;
  private lastSeq = 0;
  private readonly events: WorkflowEvent[] = [];
  private routineCache?: { key: string; routines: Routine[] };

  constructor(
    private readonly host: PatternsHost,
    private readonly options: AdvisorOptions = {},
    private readonly clock: () => number = Date.now,
  ) {}

  private current(): WorkflowAdvisor {
    if (this.lastSeq === 0 && this.host.eventLog.lastSeq) this.lastSeq = Math.max(0, this.host.eventLog.lastSeq() - 2 * HISTORY_WINDOW);
    const fresh = this.host.eventLog.results({ afterSeq: this.lastSeq });
    if (fresh.length > 0) {
      this.lastSeq = fresh[fresh.length - 1]!.seq;
      this.events.push(...eventsFromLog(fresh));
      this.advisor = null;
    }
    this.advisor ??= new WorkflowAdvisor(this.events, this.options);
    return this.advisor;
  }

  /** What the user usually does next, given this session so far. */
  suggest(limit = 3): WorkflowSuggestion[] {
    return this.current().suggest({ now: this.clock(), limit });
  }

  workflows(options: Parameters<WorkflowAdvisor['workflows']>[0] = {}): Workflow[] {
    return this.current().workflows(options);
  }

  /** Suggestions, each with the rule that would do it from now on when one fits ("always do this"). */
  suggestWithRules(limit = 3): (WorkflowSuggestion & { always?: string })[] {
    const routines = this.routines();
    return this.suggest(limit).map((s) => {
      const always = alwaysRule(s, routines, this.changes(s.after));
      return always ? { ...s, always } : s;
    });
  }

  /** Whether a request changes something: its intent is not marked readOnly by its skill. */
  private changes(text: string): boolean {
    const top = this.host.engine?.recognize(text).candidates[0];
    const spec = top && this.host.registry?.get(top.skill)?.manifest.intents.find((i) => i.id === top.intent);
    return !!spec && spec.readOnly !== true;
  }

  /**
   * Requests done at about the same time on several days: habits that could become schedules.
   * Kept until new results arrive (asked after every served request in the portal).
   */
  routines(options: RoutineOptions = {}): Routine[] {
    this.current();
    const key = `${this.lastSeq}|${options.timezone ?? ''}|${options.minDays ?? ''}|${options.windowMinutes ?? ''}`;
    if (this.routineCache?.key !== key) this.routineCache = { key, routines: findRoutines(this.events, options) };
    return this.routineCache.routines;
  }

  get sessionCount(): number {
    return this.current().sessionCount;
  }
}

const services = new WeakMap<object, PatternService>();

/** The one pattern service of a kernel (built lazily, kept while the kernel lives). */
export function patternServiceFor(host: PatternsHost): PatternService {
  let service = services.get(host);
  if (!service) services.set(host, (service = new PatternService(host)));
  return service;
}
