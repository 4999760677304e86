import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SegmentInfo } from '../api/types';
import { SegmentCounter } from './SegmentCounter';

function info(over: Partial<SegmentInfo>): SegmentInfo {
  return { encoding: 'GSM-7', segments: 1, characters: 5, unitsPerSegment: 160, remainingInSegment: 155, smartEncoded: null, ...over };
}

describe('SegmentCounter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function settle(ms = 300) {
    await act(async () => { await vi.advanceTimersByTimeAsync(ms); });
  }

  it('shows characters, encoding and segments from the server', async () => {
    const fetcher = vi.fn().mockResolvedValue(info({ characters: 5 }));
    render(<SegmentCounter text="Hello" fetcher={fetcher} />);
    await settle();
    expect(fetcher).toHaveBeenCalledWith('Hello', expect.any(AbortSignal));
    expect(screen.getByTestId('segment-counter')).toHaveTextContent('5 characters · GSM-7 · 1 segment');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('asks once per pause in typing (debounced)', async () => {
    const fetcher = vi.fn().mockResolvedValue(info({}));
    const { rerender } = render(<SegmentCounter text="H" fetcher={fetcher} />);
    await settle(100);
    rerender(<SegmentCounter text="He" fetcher={fetcher} />);
    await settle(100);
    rerender(<SegmentCounter text="Hel" fetcher={fetcher} />);
    await settle(300);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(fetcher).toHaveBeenCalledWith('Hel', expect.any(AbortSignal));
  });

  it('warns past one segment', async () => {
    const fetcher = vi.fn().mockResolvedValue(info({ characters: 161, segments: 2 }));
    render(<SegmentCounter text={'1'.repeat(161)} fetcher={fetcher} />);
    await settle();
    expect(screen.getByTestId('segment-counter')).toHaveTextContent('161 characters · GSM-7 · 2 segments');
    expect(screen.getByRole('status')).toHaveTextContent('Over one segment: billed as 2 texts.');
  });

  it('warns when the text turns UCS-2', async () => {
    const fetcher = vi.fn().mockResolvedValue(info({ characters: 3, encoding: 'UCS-2', segments: 1 }));
    render(<SegmentCounter text="Hi😀" fetcher={fetcher} />);
    await settle();
    expect(screen.getByRole('status')).toHaveTextContent(/UCS-2/);
  });

  it('shows the smart-encoding saving when it has fewer segments', async () => {
    const fetcher = vi.fn().mockResolvedValue(info({
      characters: 80, encoding: 'UCS-2', segments: 2,
      smartEncoded: { body: 'x', encoding: 'GSM-7', segments: 1 },
    }));
    render(<SegmentCounter text={'“quoted” '.repeat(9)} fetcher={fetcher} />);
    await settle();
    expect(screen.getByText(/Smart encoding sends it in 1 segment \(GSM-7\), saving 1/)).toBeInTheDocument();
  });

  it('shows no saving when smart encoding does not reduce segments', async () => {
    const fetcher = vi.fn().mockResolvedValue(info({ smartEncoded: { body: 'Hello', encoding: 'GSM-7', segments: 1 } }));
    render(<SegmentCounter text="Hello" fetcher={fetcher} />);
    await settle();
    expect(screen.queryByText(/Smart encoding/)).toBeNull();
  });

  it('shows nothing for empty text and never calls the server', async () => {
    const fetcher = vi.fn();
    render(<SegmentCounter text="" fetcher={fetcher} />);
    await settle();
    expect(fetcher).not.toHaveBeenCalled();
    expect(screen.queryByTestId('segment-counter')).toBeNull();
  });
});
