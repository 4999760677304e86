import { statusLabel } from '../lib/format';

export function StatusBadge({ status }: { status?: string }) {
  if (!status) return null;
  return <span className={`badge status-${status}`}>{statusLabel(status)}</span>;
}

export function Tags({ tags }: { tags?: string[] }) {
  if (!tags || tags.length === 0) return null;
  return (
    <span className="tags">
      {tags.map((t) => <span className="tag" key={t}>{t}</span>)}
    </span>
  );
}
