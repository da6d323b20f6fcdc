/**
 * Settings: the profile folder, appearance, the language-model endpoint (with a connection
 * test), voice, the knowledge-graph backend, and every other known key, each saved on change
 * and validated by the kernel (a refusal shows why); the phrasings the kernel learned from use.
 */
import { useEffect, useState } from 'react';
import { appStore, useApp } from '../stores/store';
import { selectLlmTest, selectSavedKey, selectSettings, selectSettingsError } from '../stores/slices/settings/selectors';
import type { Theme } from '../stores/slices/ui/slice';
import { selectTheme } from '../stores/slices/ui/selectors';
import { ErrorBox } from './AgentMessage';
import { Icon } from './Icon';
import { LearnedPhrasings } from './LearnedPhrasings';
import { useTimeFormat } from '../hooks/useTimeFormat';

type Spec = { description: string; default: unknown; type: string; values?: string[] };

const GROUPS: { title: string; prefix: string; note?: string }[] = [
  { title: 'Language model', prefix: 'llm.', note: 'Optional. Any OpenAI-compatible server: Ollama, llama.cpp, LM Studio, vLLM or a hosted API.' },
  { title: 'Voice', prefix: 'voice.' },
  { title: 'Knowledge graph', prefix: 'graph.' },
  { title: 'Intent engine', prefix: 'intent.' },
  { title: 'Files', prefix: 'files.' },
];

const SECRET_MASK = '••••••';

function label(key: string): string {
  // A skill's setting is `skill.<id>.<key>`: its section already names the skill.
  const last = key.split('.').slice(key.startsWith('skill.') ? 2 : 1).join(' ');
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function Field({ name, spec, value }: { name: string; spec: Spec; value: unknown }) {
  const { saveSetting } = appStore().getState();
  const saved = useApp(selectSavedKey) === name;
  const secret = value === SECRET_MASK || name.toLowerCase().includes('apikey');
  const initial = Array.isArray(value) ? value.join(', ') : value === SECRET_MASK ? '' : String(value ?? '');
  // The parent keys each field by its saved value, so a new value remounts it with fresh text.
  const [text, setText] = useState(initial);
  const id = `setting-${name}`;
  const commit = (raw: string) => {
    if (secret && raw === '') return;
    const v = spec.type === 'number' ? Number(raw) : spec.type === 'list' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
    if (JSON.stringify(v) !== JSON.stringify(value)) void saveSetting(name, v);
  };
  let control;
  if (spec.values) {
    control = (
      <select id={id} value={String(value)} onChange={(e) => void saveSetting(name, e.target.value)}>
        {spec.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  } else if (spec.type === 'boolean') {
    control = (
      <button type="button" id={id} role="switch" aria-checked={value === true} className={`switch${value === true ? ' on' : ''}`} onClick={() => void saveSetting(name, value !== true)}>
        <span className="knob" />
      </button>
    );
  } else {
    control = (
      <input
        id={id}
        type={secret ? 'password' : spec.type === 'number' ? 'number' : 'text'}
        value={text}
        placeholder={secret && value === SECRET_MASK ? 'saved — type to replace' : String(spec.default ?? '') || 'not set'}
        onChange={(e) => setText(e.target.value)}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
        spellCheck={false}
        autoComplete="off"
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {label(name)} {saved && <span className="saved">saved</span>}
      </label>
      {control}
      <div className="muted small">{spec.description}</div>
    </div>
  );
}

function LlmTest() {
  const { running, result } = useApp(selectLlmTest);
  const { testLlm } = appStore().getState();
  return (
    <div className="llm-test">
      <button type="button" className="primary" onClick={() => void testLlm()} disabled={running}>
        {running ? 'Testing…' : 'Test connection'}
      </button>
      {result && (
        <span className={`test-result ${result.ok ? 'ok' : 'bad'}`} role="status">
          <Icon name={result.ok ? 'check' : 'alert'} size={16} /> {result.detail}
        </span>
      )}
    </div>
  );
}

/** What the chosen locale and clock look like, so a change shows at once. */
function TimeSample() {
  const time = useTimeFormat();
  const now = new Date();
  const soon = new Date(now.getTime() + 10 * 60_000);
  return (
    <p className="muted small" data-testid="time-sample">
      Times look like this: {time.clock(soon)} · {time.due(soon, now)} · {time.due(new Date(now.getTime() + 86_400_000), now)}
    </p>
  );
}

export function SettingsView() {
  const settings = useApp(selectSettings);
  const error = useApp(selectSettingsError);
  const theme = useApp(selectTheme);
  const { loadSettings, setTheme } = appStore().getState();
  useEffect(() => void loadSettings(), [loadSettings]);
  if (!settings) return <div className="page">{error ? <ErrorBox error={error} /> : <p className="muted">Loading settings…</p>}</div>;
  const keys = Object.keys(settings.schema);
  // Appearance holds the theme and how times are written; the kernel's other keys follow in their groups.
  const appearance = ['ui.timeFormat', 'ui.locale'].filter((k) => settings.schema[k]);
  const grouped = new Set<string>(['ui.theme', ...appearance]);
  return (
    <div className="page settings">
      <header className="view-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Saved in your profile; every default works offline.</p>
        </div>
      </header>
      {error && <ErrorBox error={error} />}
      <section className="settings-section" aria-labelledby="s-profile">
        <h2 id="s-profile">Profile</h2>
        <div className="field">
          <label htmlFor="profile-dir">Profile folder</label>
          <input id="profile-dir" className="mono" readOnly value={settings.profileDir} />
          <div className="muted small">Your database, skills and grants live here. Set AGENTOS_HOME to use another folder.</div>
        </div>
      </section>
      <section className="settings-section" aria-labelledby="s-look">
        <h2 id="s-look">Appearance</h2>
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {(['system', 'light', 'dark'] as Theme[]).map((t) => (
            <button key={t} type="button" role="radio" aria-checked={theme === t} className={theme === t ? 'active' : ''} onClick={() => setTheme(t)}>
              {t === 'system' ? 'System' : t === 'light' ? 'Light' : 'Dark'}
            </button>
          ))}
        </div>
        {appearance.map((k) => (
          <Field key={`${k}=${JSON.stringify(settings.values[k])}`} name={k} spec={settings.schema[k]!} value={settings.values[k]} />
        ))}
        {appearance.length > 0 && <TimeSample />}
      </section>
      <LearnedPhrasings />
      {GROUPS.map((g) => {
        const own = keys.filter((k) => k.startsWith(g.prefix));
        own.forEach((k) => grouped.add(k));
        if (own.length === 0) return null;
        return (
          <section className="settings-section" key={g.prefix} aria-label={g.title}>
            <h2>{g.title}</h2>
            {g.note && <p className="muted small">{g.note}</p>}
            {own.map((k) => (
              <Field key={`${k}=${JSON.stringify(settings.values[k])}`} name={k} spec={settings.schema[k]!} value={settings.values[k]} />
            ))}
            {g.prefix === 'llm.' && <LlmTest />}
          </section>
        );
      })}
      {[...new Set(keys.filter((k) => !grouped.has(k) && settings.schema[k]!.group).map((k) => settings.schema[k]!.group!))].map((group) => {
        const own = keys.filter((k) => !grouped.has(k) && settings.schema[k]!.group === group);
        own.forEach((k) => grouped.add(k));
        return (
          <section className="settings-section" key={`group:${group}`} aria-label={group}>
            <h2>{group}</h2>
            {own.map((k) => (
              <Field key={`${k}=${JSON.stringify(settings.values[k])}`} name={k} spec={settings.schema[k]!} value={settings.values[k]} />
            ))}
          </section>
        );
      })}
      {keys.some((k) => !grouped.has(k)) && (
        <section className="settings-section" aria-label="Other">
          <h2>Other</h2>
          {keys
            .filter((k) => !grouped.has(k))
            .map((k) => (
              <Field key={`${k}=${JSON.stringify(settings.values[k])}`} name={k} spec={settings.schema[k]!} value={settings.values[k]} />
            ))}
        </section>
      )}
    </div>
  );
}
