import type { Conversation } from '../api/types';
import { Avatar } from '../components/Avatar';
import { formatPhone, fullName, listTime } from '../lib/format';
import { conversationPath, Link } from '../lib/router';
import { StatusIcon } from './StatusIcon';

export function conversationName(c: Conversation): string {
  return fullName(c.contact) || formatPhone(c.phoneNumber);
}

function lastTime(c: Conversation): number {
  const t = c.lastMessage?.createdAt ? Date.parse(c.lastMessage.createdAt) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Newest activity first (the server's order; kept if it ever arrives unsorted). */
export function sortConversations(list: Conversation[]): Conversation[] {
  return list.map((c, i) => ({ c, i })).sort((a, b) => lastTime(b.c) - lastTime(a.c) || a.i - b.i).map((x) => x.c);
}

export function ConversationList({ conversations, selected, loading, error }: {
  conversations: Conversation[]; selected: string | null; loading: boolean; error: string;
}) {
  if (error && conversations.length === 0) return <p className="list-empty" role="alert">{error}</p>;
  if (!loading && conversations.length === 0) return <p className="list-empty">No conversations yet. Use “Contacts” to start one.</p>;
  return (
    <ul className="conv-list" aria-label="Conversations">
      {conversations.map((c) => {
        const name = conversationName(c);
        const active = c.phoneNumber === selected;
        const last = c.lastMessage;
        return (
          <li key={c.phoneNumber}>
            <Link
              to={conversationPath(c.phoneNumber)}
              className={active ? 'conv-item active' : c.unreadCount > 0 ? 'conv-item unread' : 'conv-item'}
              aria-current={active ? 'true' : undefined}
              data-phone={c.phoneNumber}
            >
              <Avatar name={fullName(c.contact) || '#'} optedIn={c.optInStatus === 'opted_in'} optedOut={c.optInStatus === 'opted_out'} />
              <span className="conv-main">
                <span className="conv-top">
                  <span className="conv-name">{name}</span>
                  <span className="conv-time">{listTime(last?.createdAt)}</span>
                </span>
                <span className="conv-bottom">
                  <span className="conv-preview">
                    {last?.direction === 'outbound' && <StatusIcon status={last.status} interactive={false} />}
                    <span className="conv-preview-text">{last ? last.body : 'No messages yet'}</span>
                  </span>
                  {c.possibleOptOut && (
                    <span className="opt-out-badge" role="img" aria-label="Possible opt-out" title={`Possible opt-out: they wrote “${c.possibleOptOut.text}”`} data-testid="possible-opt-out-badge">
                      <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true"><path d="M12 3l10 18H2z" fill="currentColor" /><path d="M12 10v5M12 17.5v.5" stroke="#fff" strokeWidth="2" strokeLinecap="round" /></svg>
                      <span aria-hidden="true">Possible opt-out</span>
                    </span>
                  )}
                  {c.unreadCount > 0 && (
                    <span className="unread-badge" aria-label={`${c.unreadCount} unread`} data-testid="unread-badge">{c.unreadCount}</span>
                  )}
                </span>
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
