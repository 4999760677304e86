import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../api/client';
import { listConversations } from '../api/conversations';
import type { Conversation } from '../api/types';
import { useCoalesced, useDebounced } from '../lib/hooks';
import { useLiveChanges } from '../lib/LiveContext';
import { conversationPath, navigate, usePath } from '../lib/router';
import { ContactsPicker } from './ContactsPicker';
import { ConversationList, sortConversations } from './ConversationList';
import { ConversationView } from './ConversationView';

function selectedPhone(path: string): string | null {
  const m = /^\/agent\/messages\/(.+)$/.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

export function MessagesPage() {
  const path = usePath();
  const phone = selectedPhone(path);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [picking, setPicking] = useState(false);
  const [limit, setLimit] = useState(50);
  const [hasMore, setHasMore] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await listConversations({ search: q, limit });
      setConversations(sortConversations(r.conversations));
      setHasMore(!!r.pagination?.hasMore);
      setError('');
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setLoading(false);
    }
  }, [q, limit]);

  useEffect(() => { void load(); }, [load]);
  const reloadSoon = useCoalesced(() => void load(), 100);
  useLiveChanges(() => reloadSoon());

  // Unread texts in the tab title, so they show from another tab too.
  const unread = conversations.reduce((n, c) => n + (c.unreadCount > 0 ? c.unreadCount : 0), 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Messages · CRM` : 'Messages · CRM';
    return () => { document.title = 'CRM'; };
  }, [unread]);

  const current = useMemo(() => conversations.find((c) => c.phoneNumber === phone) ?? null, [conversations, phone]);

  return (
    <div className={phone ? 'messages has-thread' : 'messages'}>
      <aside className="conv-pane" aria-label="Conversation list">
        <div className="conv-pane-head">
          <h1>Chats</h1>
          <button type="button" className="btn small" onClick={() => setPicking(true)}>
            <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M12 5v14M5 12h14" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" /></svg>
            Contacts
          </button>
        </div>
        <div className="conv-search">
          <input type="search" aria-label="Search conversations" placeholder="Search name, number or text" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="conv-scroll">
          <ConversationList conversations={conversations} selected={phone} loading={loading} error={error} />
          {hasMore && (
            <button type="button" className="btn small load-more" onClick={() => setLimit((l) => l + 50)}>Load more conversations</button>
          )}
        </div>
      </aside>
      <section className="thread-pane" aria-label="Conversation">
        {phone ? (
          <ConversationView phone={phone} conversation={current} onChanged={reloadSoon} />
        ) : (
          <div className="thread-empty">
            <svg viewBox="0 0 64 64" width="72" height="72" aria-hidden="true"><rect x="6" y="10" width="52" height="36" rx="10" fill="#d9fdd3" /><path d="M18 46l-6 10 16-10z" fill="#d9fdd3" /><circle cx="22" cy="28" r="3" fill="#128c7e" /><circle cx="32" cy="28" r="3" fill="#128c7e" /><circle cx="42" cy="28" r="3" fill="#128c7e" /></svg>
            <h2>Your text conversations</h2>
            <p className="muted">Pick a conversation, or start one from your contacts.</p>
          </div>
        )}
      </section>
      {picking && (
        <ContactsPicker
          onClose={() => setPicking(false)}
          onPick={(c) => {
            setPicking(false);
            navigate(conversationPath(c.phone));
          }}
        />
      )}
    </div>
  );
}
