/**
 * The workflow suggestion above the composer: "after X you usually Y — do it now?". Clicking the
 * chip sends Y as a new request; "Always" (when a rule fits the habit) sends the rule's sentence, so
 * the kernel shows the automation for confirmation; the close button dismisses it (not offered again
 * this session).
 */
import { appStore, useApp } from '../stores/store';
import { phraseSuggestion, selectWorkflowSuggestion } from '../stores/slices/workflow/selectors';
import { selectBusy } from '../stores/slices/chat/selectors';
import { Icon } from './Icon';

export function WorkflowChip() {
  const suggestion = useApp(selectWorkflowSuggestion);
  const busy = useApp(selectBusy);
  if (!suggestion || busy) return null;
  const { after, next, count } = phraseSuggestion(suggestion);
  const { acceptWorkflowSuggestion, dismissWorkflowSuggestion, alwaysWorkflowSuggestion } = appStore().getState();
  return (
    <div className="workflow-wrap">
      <div className="workflow-suggestion" role="group" aria-label="Workflow suggestion" title={suggestion.reason}>
        <Icon name="sparkle" size={16} />
        <span className="workflow-text">
          {after ? (
            <>
              After “{after}” you usually
            </>
          ) : (
            'You usually do this next:'
          )}
        </span>
        <button type="button" className="chip workflow-chip" onClick={() => void acceptWorkflowSuggestion()} aria-label={`Do it now: ${next}`}>
          {next}
          <Icon name="send" size={14} />
        </button>
        <span className="muted small workflow-count">{count ? `${count} · ` : ''}do it now?</span>
        {suggestion.always && (
          <button type="button" className="chip workflow-always" onClick={() => void alwaysWorkflowSuggestion()} title={suggestion.always} aria-label={`Always do this: ${suggestion.always}`}>
            Always do this
          </button>
        )}
        <button type="button" className="icon-button small" aria-label="Dismiss the suggestion" title="Dismiss" onClick={dismissWorkflowSuggestion}>
          <Icon name="x" size={14} />
        </button>
      </div>
    </div>
  );
}
