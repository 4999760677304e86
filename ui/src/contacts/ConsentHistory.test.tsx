import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentHistory } from './ConsentHistory';

afterEach(() => vi.unstubAllGlobals());

describe('ConsentHistory', () => {
  it('shows the state now and each grant and revocation with its evidence, as text', async () => {
    const f = vi.fn(() => Promise.resolve(new Response(JSON.stringify({
      success: true,
      phoneNumber: '+17605550142',
      status: 'opted_out',
      history: [
        { type: 'ConsentGranted', at: '2026-11-20T10:00:00Z', evidence: { source: 'checkbox', userId: 'u1', ip: '10.0.0.7', wordingVersion: 'tcpa-v1' } },
        { type: 'ConsentRevoked', at: '2026-11-21T10:00:00Z', evidence: { source: 'keyword', messageSid: 'SM123', text: '<b>STOP</b>' } },
      ],
    }), { status: 200 })));
    vi.stubGlobal('fetch', f);
    const { container } = render(<ConsentHistory phone="+17605550142" />);
    expect(await screen.findByText('Opted out')).toBeInTheDocument();
    expect(f).toHaveBeenCalledWith('/api/crm/consent/+17605550142', expect.anything());
    const items = container.querySelectorAll('.timeline li');
    expect(Array.from(items).map((li) => li.className)).toEqual(['grant', 'revoke']);
    expect(screen.getByText('10.0.0.7')).toBeInTheDocument();
    expect(screen.getByText('<b>STOP</b>')).toBeInTheDocument();
    expect(container.querySelector('.timeline b')).toBeNull();
  });

  it('says so when nothing is recorded', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(JSON.stringify({ success: true, state: 'none', history: [] })))));
    render(<ConsentHistory phone="+17605550142" />);
    expect(await screen.findByText('No consent recorded for this number.')).toBeInTheDocument();
  });
});
