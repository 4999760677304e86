import type { SMSMessage } from '../api/types';
import { clockTime } from '../lib/format';
import { StatusIcon } from './StatusIcon';

/** What a bubble shows: a stored message, or a text still on its way (`pending`). */
export type BubbleMessage = Pick<SMSMessage, 'body' | 'createdAt' | 'direction' | 'status'>
  & Partial<Pick<SMSMessage, '_id' | 'mediaUrls' | 'errorCode' | 'errorMessage'>>;

function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * One text in the thread: outbound on the right with its delivery status, inbound on the
 * left; everything from the text is rendered as React text, media links only when http(s).
 * A pending bubble (being sent) has no message id yet and shows "sending".
 */
export function MessageBubble({ message: m, pending = false }: { message: BubbleMessage; pending?: boolean }) {
  const out = m.direction === 'outbound';
  const media = m.mediaUrls ?? [];
  return (
    <div className={out ? 'bubble-row out' : 'bubble-row in'} data-message-id={pending ? undefined : m._id} data-direction={m.direction} data-status={m.status}>
      <div className={(out ? 'bubble out' : 'bubble in') + (pending ? ' pending' : '')}>
        <span className="bubble-text">{m.body}</span>
        {media.length > 0 && (
          <span className="bubble-media">
            {media.map((u, i) => (
              <a key={i} href={safeHref(u)} target="_blank" rel="noopener noreferrer">Attachment {i + 1}</a>
            ))}
          </span>
        )}
        <span className="bubble-meta">
          <time dateTime={m.createdAt}>{clockTime(m.createdAt)}</time>
          {out && <StatusIcon status={m.status} errorCode={m.errorCode} errorMessage={m.errorMessage} />}
        </span>
      </div>
    </div>
  );
}
