import { useEffect, useState } from 'react';
import type { ApiError } from '../api/client';
import { fetchConsentHistory } from '../api/consent';
import { dateTime, statusLabel } from '../lib/format';

type Entry = Record<string, unknown>;

const TIME_KEYS = ['at', 'timestamp', 'time', 'recordedAt', 'occurredAt', 'createdAt', 'date', 'consentDate'];
const KIND_KEYS = ['type', 'kind', 'action', 'event', 'change'];

function pick(e: Entry, keys: string[]): string {
  for (const k of keys) if (typeof e[k] === 'string' && e[k]) return e[k] as string;
  return '';
}

function entriesOf(data: Record<string, unknown>): Entry[] {
  for (const k of ['history', 'events', 'entries', 'ledger', 'changes']) {
    if (Array.isArray(data[k])) return data[k] as Entry[];
  }
  const c = data.consent as Record<string, unknown> | undefined;
  if (c && typeof c === 'object') for (const k of ['history', 'events', 'entries']) if (Array.isArray(c[k])) return c[k] as Entry[];
  return [];
}

function stateOf(data: Record<string, unknown>): string {
  for (const k of ['state', 'current', 'currentState', 'status', 'optInStatus', 'consentState', 'now']) {
    const v = data[k];
    if (typeof v === 'string') return normalState(v);
    if (v && typeof v === 'object') {
      const inner = v as Record<string, unknown>;
      for (const kk of ['state', 'status']) if (typeof inner[kk] === 'string') return inner[kk] as string;
      if (typeof inner.optedIn === 'boolean') return inner.optedIn ? 'opted_in' : 'none';
    }
  }
  const c = data.consent as Record<string, unknown> | undefined;
  if (c && typeof c.state === 'string') return c.state;
  if (typeof data.optedIn === 'boolean') return data.optedIn ? 'opted_in' : 'none';
  return '';
}

function normalState(s: string): string {
  const k = s.toLowerCase();
  if (k === 'granted' || k === 'opted_in' || k === 'optedin' || k === 'opted-in') return 'opted_in';
  if (k === 'revoked' || k === 'opted_out' || k === 'optedout' || k === 'opted-out') return 'opted_out';
  return k;
}

/**
 * A grant or a revocation, by the ledger's own event type; an opt-in request (OptInRequested)
 * is neither. Not by words in the name: which texts grant or revoke is the server's to say.
 */
function isGrant(kind: string): boolean | null {
  if (kind === 'ConsentGranted') return true;
  if (kind === 'ConsentRevoked') return false;
  return null;
}

function renderValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return /^\d{4}-\d\d-\d\dT/.test(v) ? dateTime(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function humanKey(k: string): string {
  return statusLabel(k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
}

/** Evidence pairs of an entry: its own fields and, flattened, an `evidence` object. */
function evidenceOf(e: Entry): [string, string][] {
  const out: [string, string][] = [];
  const skip = new Set([...TIME_KEYS, ...KIND_KEYS, 'position', 'stream', 'streamId', 'version', 'phone', 'phoneNumber', 'contactId', 'eventId']);
  const add = (obj: Entry) => {
    for (const [k, v] of Object.entries(obj)) {
      if (skip.has(k) || k === 'evidence') continue;
      if (v && typeof v === 'object' && !Array.isArray(v)) { add(v as Entry); continue; }
      const text = renderValue(v);
      if (text) out.push([humanKey(k), text]);
    }
  };
  add(e);
  if (e.evidence && typeof e.evidence === 'object') add(e.evidence as Entry);
  return out;
}

/** A number's consent grants and revocations with their evidence (GET /api/crm/consent/:phone). */
export function ConsentHistory({ phone, refreshKey }: { phone: string; refreshKey?: number }) {
  const [data, setData] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const ctl = new AbortController();
    fetchConsentHistory(phone, ctl.signal)
      .then((r) => { setData(r); setError(''); })
      .catch((e) => { if ((e as Error).name !== 'AbortError') setError((e as ApiError).message); });
    return () => ctl.abort();
  }, [phone, refreshKey]);

  if (error) return <p className="muted" role="alert">Consent history unavailable: {error}</p>;
  if (!data) return <p className="muted">Loading consent history…</p>;
  const state = stateOf(data);
  const entries = entriesOf(data);
  return (
    <div className="consent-history">
      {state && (
        <p>
          Now: <span className={`consent-tag ${state}`}>{state === 'opted_in' ? 'Opted in' : state === 'opted_out' ? 'Opted out' : statusLabel(state === 'none' ? 'no consent' : state)}</span>
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted">No consent recorded for this number.</p>
      ) : (
        <ol className="timeline">
          {entries.map((e, i) => {
            const kind = pick(e, KIND_KEYS) || 'change';
            const grant = isGrant(kind);
            return (
              <li key={i} className={grant === true ? 'grant' : grant === false ? 'revoke' : ''}>
                <div className="timeline-head">
                  <strong>{statusLabel(kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())}</strong>
                  <span className="muted">{dateTime(pick(e, TIME_KEYS))}</span>
                </div>
                <dl className="evidence">
                  {evidenceOf(e).map(([k, v], j) => (
                    <div key={j} className={v.length > 120 ? 'long' : undefined}>
                      <dt>{k}</dt>
                      <dd>{v.length > 120 ? <details><summary>{v.slice(0, 60)}…</summary>{v}</details> : v}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
