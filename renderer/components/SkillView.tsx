/**
 * A view a skill contributes (manifest `contributes.views`), rendered from what its view handler
 * returns through `skills.contribution`: the items (title, status pill, progress bar, figure) and
 * the shown item's detail cards. Every skill's view is this one component. The view is read when
 * opened, re-read on the skill's progress events and finished requests (stores/events.ts), and every
 * SKILL_VIEW_POLL_MS while it shows a running job or a chat request to its skill is pending.
 */
import { useEffect, useMemo } from 'react';
import { appStore, useApp } from '../stores/store';
import { selectSkills, selectSkillsLoaded } from '../stores/slices/skills/selectors';
import { SKILL_VIEW_POLL_MS } from '../stores/slices/skillviews/slice';
import { isLiveItem, selectPendingRequestProgress, selectSkillViewLive, selectSkillViewState, shownItem } from '../stores/slices/skillviews/selectors';
import { ErrorBox } from './AgentMessage';
import { Icon, iconName } from './Icon';
import { ItemDetail, ItemRow } from './SkillViewItems';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function Unavailable({ skill, name, installed }: { skill: string; name: string; installed: boolean }) {
  return (
    <div className="page">
      <div className="empty-state">
        <div className="empty-mark" aria-hidden>
          <Icon name="alert" size={26} />
        </div>
        <h2>This view is not available</h2>
        <p className="muted">{installed ? `${name} is disabled: enable it in Skills to see its view again.` : `The skill "${skill}" is not installed any more.`}</p>
        <button type="button" className="primary" onClick={() => appStore().getState().setView('skills')}>
          Open Skills
        </button>
      </div>
    </div>
  );
}

export function SkillView({ skill, view }: { skill: string; view: string }) {
  const stateOf = useMemo(() => selectSkillViewState(skill, view), [skill, view]);
  const liveOf = useMemo(() => selectSkillViewLive(skill, view), [skill, view]);
  const pendingOf = useMemo(() => selectPendingRequestProgress(skill), [skill]);
  const state = useApp(stateOf);
  const live = useApp(liveOf);
  const pending = useApp(pendingOf);
  const skills = useApp(selectSkills);
  const skillsLoaded = useApp(selectSkillsLoaded);
  const { loadSkillView, selectSkillViewItem, setView, setDraft, send } = appStore().getState();

  const installed = skills.find((s) => s.id === skill);
  const contribution = installed?.enabled ? installed.contributes.views.find((v) => v.id === view) : undefined;
  // Until the skills are listed (a reload straight into this view) assume it exists; the kernel says otherwise.
  const available = contribution !== undefined || !skillsLoaded;

  useEffect(() => {
    if (available) void loadSkillView(skill, view);
  }, [available, skill, view, loadSkillView]);
  useEffect(() => {
    if (!live || !available) return undefined;
    const timer = setInterval(() => void loadSkillView(skill, view), SKILL_VIEW_POLL_MS);
    return () => clearInterval(timer);
  }, [live, available, skill, view, loadSkillView]);

  if (!available) return <Unavailable skill={skill} name={installed?.name ?? skill} installed={installed !== undefined} />;

  const data = state.view;
  const title = data?.title ?? contribution?.title ?? view;
  const items = data?.items ?? [];
  const shown = shownItem(data, state.selected);
  const running = items.filter(isLiveItem).length;
  const example = installed?.intents.find((i) => i.examples.length > 0)?.examples[0];
  const skillName = installed?.name ?? skill;
  const run = (text: string) => {
    setView('chat');
    void send(text);
  };

  return (
    <div className="page" data-skill-view={`${skill}/${view}`}>
      <header className="view-header">
        <div>
          <h1>{title}</h1>
          {(data?.hint ?? contribution?.description) && <p className="muted">{data?.hint ?? contribution?.description}</p>}
          <p className="muted small">
            {data ? plural(items.length, 'item') : 'Loading…'}
            {running > 0 && ` · ${running} in progress (live)`}
            {skillName !== title && ` · from ${skillName}`}
          </p>
        </div>
        <button type="button" className="ghost" onClick={() => void loadSkillView(skill, view)} aria-busy={state.loading}>
          <Icon name="refresh" size={16} /> Refresh
        </button>
      </header>
      {state.error && (
        <div className="sv-error">
          <ErrorBox error={state.error} />
          <button type="button" className="ghost" onClick={() => void loadSkillView(skill, view)}>
            Try again
          </button>
        </div>
      )}
      {pending && running === 0 && (
        <div className="sv-starting" role="status" aria-label="A request is in progress">
          <span className="live-dot" aria-hidden />
          <div>
            <div className="sv-title">A request to {skillName} from the portal is running</div>
            <div className="muted small">
              {Math.round(pending.fraction * 100)}% · {pending.message ?? 'working on it'} — this view follows it.
            </div>
          </div>
        </div>
      )}
      {!data && !state.error && (
        <div className="sv-loading muted" role="status" aria-label={`Loading ${title}`}>
          <span className="typing" aria-hidden>
            <i />
            <i />
            <i />
          </span>
          Asking {skillName}…
        </div>
      )}
      {data && items.length === 0 && !pending && (
        <div className="empty-state">
          <div className="empty-mark" aria-hidden>
            <Icon name={iconName(contribution?.icon ?? '')} size={26} />
          </div>
          <h2>Nothing here yet</h2>
          <p className="muted">{data.empty ?? `${skillName} has nothing to show here yet.`}</p>
          {example && (
            <button
              type="button"
              className="primary"
              onClick={() => {
                setView('chat');
                setDraft(example);
                setTimeout(() => window.dispatchEvent(new Event('agentos:focus-input')), 0);
              }}
            >
              Try “{example}”
            </button>
          )}
        </div>
      )}
      {items.length > 0 && (
        <div className="sv-layout">
          <ul className="sv-list" aria-label={title}>
            {items.map((item) => (
              <ItemRow key={item.id} item={item} active={item.id === shown?.id} onSelect={() => void selectSkillViewItem(skill, view, item.id)} />
            ))}
          </ul>
          {shown && <ItemDetail item={shown} onRun={run} />}
        </div>
      )}
    </div>
  );
}
