import type { Contact, OptInStatus } from '../api/types';
import { Avatar } from '../components/Avatar';
import { formatPhone, fullName } from '../lib/format';
import { navigate } from '../lib/router';

type Who = Pick<Contact, '_id' | 'firstName' | 'lastName'> | null;

export function consentLabel(consent: OptInStatus | null): string {
  if (consent === 'opted_in') return 'Opted in';
  if (consent === 'opted_out') return 'Opted out';
  if (consent === 'none') return 'No text consent';
  return 'Checking consent…';
}

/** Back button, avatar, name, number and the number's consent; "View contact" when there is one. */
export function ThreadHeader({ phone, name, who, consent }: { phone: string; name: string; who: Who; consent: OptInStatus | null }) {
  return (
    <header className="thread-head">
      <button type="button" className="icon-btn back-btn" aria-label="Back to conversations" onClick={() => navigate('/agent/messages')}>
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" /></svg>
      </button>
      <Avatar name={fullName(who) || '#'} optedIn={consent === 'opted_in'} optedOut={consent === 'opted_out'} size={40} />
      <div className="thread-title">
        <h2>{name}</h2>
        <span className="thread-sub">
          {fullName(who) ? `${formatPhone(phone)} · ` : ''}
          <span className={`consent-tag ${consent ?? 'checking'}`} data-testid="consent-state">
            {consentLabel(consent)}
          </span>
        </span>
      </div>
      {who?._id && (
        <button type="button" className="btn ghost small" onClick={() => navigate(`/agent/crm?contact=${encodeURIComponent(who._id)}`)}>
          View contact
        </button>
      )}
    </header>
  );
}
