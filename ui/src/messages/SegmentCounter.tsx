import { useEffect, useState } from 'react';
import { countSegments } from '../api/messages';
import type { SegmentInfo } from '../api/types';

export type FetchSegments = (body: string, signal: AbortSignal) => Promise<SegmentInfo>;

export const fetchSegments: FetchSegments = (body, signal) => countSegments(body, signal);

/**
 * Characters, encoding and segments of the text being typed, from the server's segment
 * counter (the same code that bills), asked at most once per pause in typing.
 */
export function SegmentCounter({ text, fetcher = fetchSegments, delayMs = 250 }: { text: string; fetcher?: FetchSegments; delayMs?: number }) {
  const [info, setInfo] = useState<SegmentInfo | null>(null);

  useEffect(() => {
    if (!text) {
      setInfo(null);
      return;
    }
    const ctl = new AbortController();
    const t = setTimeout(() => {
      fetcher(text, ctl.signal).then(
        (r) => { if (!ctl.signal.aborted) setInfo(r); },
        () => { /* the counter is advisory; keep the last answer */ },
      );
    }, delayMs);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [text, fetcher, delayMs]);

  if (!text || !info) return <div className="counter" aria-live="polite" />;
  const seg = info.segments;
  const ucs2 = info.encoding === 'UCS-2';
  const smart = info.smartEncoded && info.smartEncoded.segments < seg ? info.smartEncoded : null;
  return (
    <div className="counter" aria-live="polite" data-testid="segment-counter">
      <span className="counter-main">
        {info.characters} {info.characters === 1 ? 'character' : 'characters'} · {info.encoding} · {seg} {seg === 1 ? 'segment' : 'segments'}
        {typeof info.remainingInSegment === 'number' && <span className="muted"> · {info.remainingInSegment} left</span>}
      </span>
      {(seg > 1 || ucs2) && (
        <span className="counter-warn" role="status">
          {ucs2 ? 'Contains characters outside GSM-7, so it is sent as UCS-2 (70 characters per segment). ' : ''}
          {seg > 1 ? `Over one segment: billed as ${seg} texts.` : ''}
        </span>
      )}
      {smart && (
        <span className="counter-smart">
          Smart encoding sends it in {smart.segments} {smart.segments === 1 ? 'segment' : 'segments'} ({smart.encoding}), saving {seg - smart.segments}.
        </span>
      )}
    </div>
  );
}
