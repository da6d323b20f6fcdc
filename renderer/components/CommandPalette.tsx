/** The command palette (Ctrl/Cmd+K): jump to a view (the portal's or a skill's), toggle the theme, or run an example request, by keyboard. */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { appStore, useApp } from '../stores/store';
import { selectPaletteOpen } from '../stores/slices/ui/selectors';
import { selectSkills, starterExamples } from '../stores/slices/skills/selectors';
import type { View } from '../stores/slices/ui/slice';
import { contributedViews } from '../stores/slices/skillviews/selectors';
import { skillNavTargets } from './navigation';
import { matchCommands, paletteCommands, type PaletteCommand } from './palette-commands';
import { Icon } from './Icon';

export function CommandPalette({ resolvedTheme }: { resolvedTheme: 'light' | 'dark' }) {
  // Mounted only while open: each opening starts with an empty query.
  return useApp(selectPaletteOpen) ? <PaletteDialog resolvedTheme={resolvedTheme} /> : null;
}

function PaletteDialog({ resolvedTheme }: { resolvedTheme: 'light' | 'dark' }) {
  const skills = useApp(selectSkills);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const commands = useMemo(() => paletteCommands(starterExamples(skills, 12), skillNavTargets(contributedViews(skills))), [skills]);
  const shown = matchCommands(commands, query);
  const st = appStore().getState();

  useEffect(() => {
    // Focus moves into the dialog and back to where it was when the dialog closes.
    const previous = document.activeElement;
    input.current?.focus();
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);

  const close = () => st.setPaletteOpen(false);
  const runCommand = (c: PaletteCommand) => {
    close();
    if (c.id.startsWith('view:')) st.setView(c.id.slice(5) as View);
    else if (c.id === 'action:focus') {
      st.setView('chat');
      setTimeout(() => window.dispatchEvent(new Event('agentos:focus-input')), 0);
    } else if (c.id === 'action:new') {
      st.setView('chat');
      st.clearChat();
    } else if (c.id === 'action:theme') st.setTheme(resolvedTheme === 'dark' ? 'light' : 'dark');
    else if (c.id.startsWith('run:')) {
      st.setView('chat');
      void st.send(c.id.slice(4));
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(shown.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const c = shown[active];
      if (c) runCommand(c);
      else if (query.trim()) {
        close();
        st.setView('chat');
        void st.send(query);
      }
    } else if (e.key === 'Tab') e.preventDefault(); // focus stays in the dialog
  };

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" onMouseDown={(e) => e.stopPropagation()} onKeyDown={onKeyDown}>
        <div className="palette-input">
          <Icon name="command" />
          <input
            ref={input}
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-list"
            aria-activedescendant={shown[active] ? `pc-${active}` : undefined}
            aria-label="Type a command or a request"
            placeholder="Type a command, or a request to run…"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
          />
          <kbd>Esc</kbd>
        </div>
        <ul id="palette-list" role="listbox" className="palette-list">
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`pc-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => runCommand(c)}
            >
              <span className="pc-group">{c.group}</span>
              <span className="pc-title">{c.title}</span>
              {c.hint && <kbd>{c.hint}</kbd>}
            </li>
          ))}
          {shown.length === 0 && query.trim() && (
            <li role="option" aria-selected="true" className="active" onClick={() => onKeyDown({ key: 'Enter', preventDefault() {} } as KeyboardEvent)}>
              <span className="pc-group">Run</span>
              <span className="pc-title">“{query}”</span>
              <kbd>Enter</kbd>
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
