/**
 * The install dialog's state: the path the user typed, the kernel's preview of that package (what it
 * asks for, who signed it, what the scan found), and installing it with the user's choice of grants.
 * The preview is cleared whenever the path changes, so Install always installs what is on screen.
 * A change of publisher and phrases shared with other skills each need their own explicit yes
 * (InstallChoice.acceptPublisher / allowOverlap): without it nothing is sent to the kernel.
 */
import type { BridgeErrorShape, InstallOutcome, InstallPreview } from '../../../bridge/contracts';
import { asBridgeError } from '../../../bridge/errors';
import { missingConsent } from './consent';
import type { SliceCreator } from '../../slice-creator';
import type { UiSlice } from '../ui/slice';
import type { SkillsSlice } from '../skills/slice';
import type { GrantsSlice } from '../grants/slice';

export type GrantDurationChoice = 'always' | 'session' | 'until';

export interface InstallChoice {
  grant: 'declared' | 'none';
  duration: GrantDurationChoice;
  /** ISO date-time; required when duration is "until". */
  until?: string;
  /** Only for a package the scan blocked, after the user read the findings. */
  ignoreScan?: boolean;
  /** The user ticked "I accept the new publisher" under the preview's publisherChange; sends its `accept` value. */
  acceptPublisher?: boolean;
  /** The user ticked "Install anyway" under the phrases it shares with installed skills. */
  allowOverlap?: boolean;
}

export interface InstallSlice {
  installOpen: boolean;
  installSource: string;
  installPreview: InstallPreview | null;
  installBusy: 'preview' | 'install' | null;
  installError: BridgeErrorShape | null;
  /**
   * An MCP package whose tools (listed only once the user agreed) share phrases with installed
   * skills was refused: the dialog then offers "Install anyway" for it.
   */
  installOverlapRefused: boolean;
  openInstall(): void;
  closeInstall(): void;
  setInstallSource(source: string): void;
  /** Asks the kernel what the package at installSource would do; installs nothing. */
  previewInstall(): Promise<void>;
  /** Installs the previewed package; resolves with the outcome, or null on failure (installError says why). */
  confirmInstall(choice: InstallChoice): Promise<InstallOutcome | null>;
}

const closed = { installOpen: false, installSource: '', installPreview: null, installBusy: null, installError: null, installOverlapRefused: false } as const;

/** After an install: say so, and re-read the skills and grants it changed. */
type InstallNeeds = Pick<UiSlice, 'pushToast'> & Pick<SkillsSlice, 'loadSkills'> & Pick<GrantsSlice, 'loadGrants'>;

export const createInstallSlice: SliceCreator<InstallSlice, InstallNeeds> = (bridge) => (set, get) => ({
  ...closed,
  openInstall: () => set({ ...closed, installOpen: true }),
  closeInstall: () => {
    // An install in flight finishes in the kernel either way; the dialog just stops showing it.
    set({ ...closed });
  },
  setInstallSource: (source) => set({ installSource: source, installPreview: null, installError: null, installOverlapRefused: false }),
  previewInstall: async () => {
    const source = get().installSource.trim();
    if (!source) {
      set({ installError: { code: 'bad_input', message: 'No skill to install was given.', fix: 'Type the path of a skill folder or a .tgz package, for example ~/Downloads/hello-world.tgz or a folder that holds skill.json.' } });
      return;
    }
    set({ installBusy: 'preview', installError: null, installPreview: null, installOverlapRefused: false });
    try {
      const preview = await bridge['skills.previewInstall']({ source });
      // The user may have typed another path while the kernel was staging this one.
      if (get().installSource.trim() === source) set({ installPreview: preview, installBusy: null });
      else set({ installBusy: null });
    } catch (error) {
      set({ installError: asBridgeError(error), installBusy: null });
    }
  },
  confirmInstall: async (choice) => {
    const preview = get().installPreview;
    if (!preview) return null;
    if (choice.duration === 'until' && !choice.until) {
      set({ installError: { code: 'bad_input', message: 'The permissions need a date to end on.', fix: 'Choose that date, or choose "Always" or "This session" instead.' } });
      return null;
    }
    const missing =
      missingConsent(preview, choice) ??
      (get().installOverlapRefused && !choice.allowOverlap ? 'Its tools share phrases with installed skills: tick "Install anyway" if you still want it.' : null);
    if (missing) {
      set({ installError: { code: 'bad_input', message: missing } });
      return null;
    }
    set({ installBusy: 'install', installError: null });
    try {
      const outcome = await bridge['skills.install']({
        source: get().installSource.trim(),
        digest: preview.digest,
        grant: choice.grant,
        duration: choice.duration,
        ...(choice.duration === 'until' && choice.until ? { until: choice.until } : {}),
        ignoreScan: choice.ignoreScan ?? false,
        allowOverlap: choice.allowOverlap === true,
        ...(choice.acceptPublisher && preview.publisherChange ? { acceptPublisher: preview.publisherChange.accept } : {}),
      });
      set({ ...closed });
      const granted = outcome.granted.length ? `Granted: ${outcome.granted.map((p) => p.kind).join(', ')}.` : 'No permissions granted.';
      get().pushToast({ kind: 'success', title: `${outcome.action === 'updated' ? 'Updated' : outcome.action === 'unchanged' ? 'Already installed' : 'Installed'} ${preview.name} ${outcome.version}`, body: granted, view: 'skills' });
      await Promise.all([get().loadSkills(), get().loadGrants()]);
      return outcome;
    } catch (error) {
      const err = asBridgeError(error);
      // Only an MCP server's phrases can be unknown at review time; any other overlap was in the preview.
      const overlapRefused = preview.toolsAfterConsent && err.code === 'denied' && /overlap|phrases/i.test(err.message);
      set({ installError: err, installBusy: null, ...(overlapRefused ? { installOverlapRefused: true } : {}) });
      return null;
    }
  },
});
