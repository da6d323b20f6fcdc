/** Selectors for the grants slice, and how the permissions view groups and describes a grant. */
import type { GrantView } from '../../../bridge/contracts';
import type { AppState } from '../../state';

export const selectGrants = (s: AppState) => s.grants;
export const selectGrantsError = (s: AppState) => s.grantsError;
export const selectGrantsLoaded = (s: AppState) => s.grantsLoaded;

/** Grants grouped by skill (skills by name, each skill's grants by permission kind). */
export function grantsBySkill(grants: readonly GrantView[]): { skill: string; grants: GrantView[] }[] {
  const groups = new Map<string, GrantView[]>();
  for (const g of grants) groups.set(g.skill, [...(groups.get(g.skill) ?? []), g]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([skill, list]) => ({ skill, grants: [...list].sort((a, b) => a.permission.kind.localeCompare(b.permission.kind) || a.grantedAt.localeCompare(b.grantedAt)) }));
}

/** "always", "this session", "once", "until 3 Mar, 17:00 (in 2 days)" / "expired". */
export function describeDuration(g: Pick<GrantView, 'duration' | 'expiresAt'>, now = Date.now()): string {
  switch (g.duration) {
    case 'always':
      return 'Always';
    case 'session':
      return 'This session';
    case 'once':
      return 'Once';
    case 'until': {
      if (!g.expiresAt) return 'Until revoked';
      const at = Date.parse(g.expiresAt);
      const left = at - now;
      const when = new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
      return left <= 0 ? `Expired ${when}` : `Until ${when} (${relative(left)} left)`;
    }
  }
}

function relative(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${Math.max(1, min)} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** What a permission kind lets a skill do, in words. */
export const KIND_LABELS: Record<string, string> = {
  'fs.read': 'Read files',
  'fs.write': 'Write files',
  exec: 'Run programs',
  net: 'Network access',
  clipboard: 'Clipboard',
  notifications: 'Notifications',
  microphone: 'Microphone',
  gpu: 'GPU',
  llm: 'Language model',
};
