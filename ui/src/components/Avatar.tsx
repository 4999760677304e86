import { initials } from '../lib/format';

/** A round avatar with initials; green when the number has opted in to texts. */
export function Avatar({ name, optedIn, optedOut, size = 44 }: { name: string; optedIn?: boolean; optedOut?: boolean; size?: number }) {
  const cls = optedIn ? 'avatar opted-in' : optedOut ? 'avatar opted-out' : 'avatar';
  const title = optedIn ? 'Opted in to texts' : optedOut ? 'Opted out of texts' : 'No text consent on record';
  return (
    <span className={cls} style={{ width: size, height: size, fontSize: size * 0.38 }} title={title} data-optin={optedIn ? 'yes' : optedOut ? 'out' : 'no'}>
      <span aria-hidden="true">{initials(name)}</span>
      <span className="sr-only">{title}</span>
    </span>
  );
}
