/**
 * The parts of the install dialog that need their own explicit yes, beyond "Install": a change of
 * publisher (both identities side by side, and a tick that sends the new identity back as
 * `acceptPublisher`) and phrases the package shares with installed skills (each listed, with an
 * "Install anyway" tick that sends `allowOverlap`). Also the notices that make an unsigned package
 * and an MCP server's not-yet-listed tools plain. Every string here comes from a package: React
 * escapes it, the bridge has already stripped control and invisible characters.
 */
import type { InstallPreview } from '../bridge/contracts';
import { describeOverlap, describePublisherChange, overlapNeedsConsent } from '../stores/slices/install/selectors';
import { Icon } from './Icon';

type Identity = NonNullable<InstallPreview['publisherChange']>['from'];

function IdentityRows({ label, who }: { label: string; who: Identity }) {
  return (
    <div className="install-identity" aria-label={label} role="group">
      <div className="small muted">{label}</div>
      <div>
        <strong>“{who.name}”</strong> {who.keyId ? '' : <span className="badge warn">not signed</span>}
      </div>
      {who.keyId && (
        <div className="small">
          key <span className="mono">{who.keyId}</span>
        </div>
      )}
      {who.fingerprint && (
        <div className="small install-fingerprint">
          fingerprint <span className="mono">{who.fingerprint}</span>
        </div>
      )}
    </div>
  );
}

/** Unsigned packages and MCP servers: what the user cannot know from the preview. */
export function InstallNotices({ preview }: { preview: InstallPreview }) {
  return (
    <>
      {preview.unsigned && (
        <div className="install-notice warn" role="note" data-testid="unsigned">
          <Icon name="alert" size={15} />
          <span>
            <strong>Unsigned:</strong> no key vouches for these files, so anyone could have made them, whatever publisher name they carry. It will be
            marked “unsigned” in your skills.
          </span>
        </div>
      )}
      {preview.toolsAfterConsent && (
        <div className="install-notice warn" role="note" data-testid="mcp-notice">
          <Icon name="alert" size={15} />
          <span>
            <strong>An MCP server:</strong> its tools are listed only after you agree (nothing it contains runs before). If they share phrases with your
            installed skills, the install stops and asks again.
          </span>
        </div>
      )}
    </>
  );
}

export function PublisherChangeBox({ preview, accepted, onAccept }: { preview: InstallPreview; accepted: boolean; onAccept(v: boolean): void }) {
  const change = preview.publisherChange;
  if (!change) return null;
  return (
    <section className="install-consent bad" aria-label="Publisher change">
      <h4>
        <Icon name="alert" size={15} /> Publisher change
      </h4>
      <ul className="small">
        {describePublisherChange(change).map((line) => (
          <li key={line}>{line}.</li>
        ))}
      </ul>
      <div className="install-identities">
        <IdentityRows label="Installed from" who={change.from} />
        <IdentityRows label="This package" who={change.to} />
      </div>
      <p className="small muted">Anyone can sign a package or write any name. Accept only if you know the publisher really changed.</p>
      <label className="install-override">
        <input type="checkbox" checked={accepted} onChange={(e) => onAccept(e.target.checked)} /> I accept the new publisher “{change.to.name}”
        {change.to.keyId ? ` (${change.to.keyId})` : ''}
      </label>
    </section>
  );
}

/** Phrases shared with installed skills (they keep them) and templates that would match almost anything. */
export function OverlapBox({ preview, allowed, onAllow, refusedAfterConsent }: { preview: InstallPreview; allowed: boolean; onAllow(v: boolean): void; refusedAfterConsent: boolean }) {
  const needs = overlapNeedsConsent(preview);
  if (preview.overlaps.length === 0 && preview.broadTemplates.length === 0 && !refusedAfterConsent) return null;
  return (
    <section className={`install-consent ${needs || refusedAfterConsent ? 'bad' : 'warn'}`} aria-label="Shared phrases">
      <h4>
        <Icon name="alert" size={15} /> Phrases it shares with installed skills
      </h4>
      {refusedAfterConsent && <p className="small">Its server's tools read phrases your installed skills already handle (see the message above); those skills keep them.</p>}
      {preview.overlaps.length > 0 && (
        <ul className="install-overlaps" aria-label="Overlapping phrases">
          {preview.overlaps.map((o) => (
            <li key={o.phrase} data-how={o.how} data-skill={o.skill}>
              <span className="mono">“{o.phrase}”</span> <span className="small">{describeOverlap(o)}</span>{' '}
              {o.builtin && <span className="badge info">built-in</span>} {o.catchAll && (
                <span className="badge" title={`${o.skillName} reads it only as a catch-all, which does not hold the phrase against a skill made for it`}>
                  catch-all
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {preview.broadTemplates.length > 0 && (
        <ul className="install-overlaps" aria-label="Catch-all templates">
          {preview.broadTemplates.map((b) => (
            <li key={`${b.intent} ${b.template}`}>
              <span className="mono">{b.template}</span> <span className="small">({b.intent}) has no words of its own and would catch almost any request: it is left out</span>
            </li>
          ))}
        </ul>
      )}
      {preview.overlaps.length > 0 && <p className="small muted">Built-in and earlier-installed skills keep these phrases: a request for them is never handed to this skill silently.</p>}
      {(needs || refusedAfterConsent) && (
        <label className="install-override">
          <input type="checkbox" checked={allowed} onChange={(e) => onAllow(e.target.checked)} /> Install anyway — the skills that have these phrases keep them
        </label>
      )}
    </section>
  );
}
