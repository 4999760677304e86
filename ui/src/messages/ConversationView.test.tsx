import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation, SMSMessage } from '../api/types';
import { ConversationView } from './ConversationView';

const PHONE = '+17605550142';

function msg(over: Partial<SMSMessage>): SMSMessage {
  return { _id: Math.random().toString(36), from: PHONE, to: '+15005550006', body: '', direction: 'inbound', status: 'received', createdAt: '2026-11-25T10:00:00Z', ...over };
}

const conv = (optInStatus: Conversation['optInStatus']): Conversation => ({
  phoneNumber: PHONE,
  contact: { _id: 'c1', firstName: 'Ana', lastName: 'Lopez', phone: PHONE, preferences: { smsOptIn: optInStatus === 'opted_in' } },
  lastMessage: null, unreadCount: 1, optInStatus,
});

let calls: { url: string; method: string; body: unknown }[];
let thread: SMSMessage[];

beforeEach(() => {
  localStorage.clear();
  calls = [];
  thread = [
    msg({ body: 'Hi, is the condo still available?', direction: 'inbound' }),
    msg({ body: 'Yes! Want to see it?', direction: 'outbound', from: '+15005550006', to: PHONE, status: 'delivered' }),
    msg({ body: '<img src=x onerror=alert(1)>', direction: 'inbound' }),
  ];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ url, method, body });
    const ok = (b: unknown, status = 200) => new Response(JSON.stringify({ success: true, ...(b as object) }), { status });
    if (url.startsWith('/api/crm/sms/messages')) return ok({ messages: thread, pagination: { total: thread.length, limit: 100, skip: 0, hasMore: false } });
    if (url === '/api/crm/sms/sync') return ok({ imported: 0, skipped: 3 });
    if (url === '/api/crm/sms/conversations/read') return ok({});
    if (url === '/api/crm/sms/opt-in-request') return ok({ message: msg({ direction: 'outbound', body: "Type 'OPT IN'" }) });
    if (url === '/api/crm/sms/send') {
      const m = msg({ _id: 'new1', direction: 'outbound', body: body.body, status: 'queued' });
      thread = [...thread, m];
      return ok({ message: m, twilioMessageSid: 'SM1' });
    }
    if (url === '/api/crm/sms/segments') return ok({ encoding: 'GSM-7', segments: 1, characters: 1 });
    return new Response(JSON.stringify({ success: false, error: 'nope' }), { status: 404 });
  }));
});
afterEach(() => vi.unstubAllGlobals());

describe('ConversationView', () => {
  it('on open: syncs history, marks read, shows bubbles (outbound right, inbound left) as text', async () => {
    const onChanged = vi.fn();
    const { container } = render(<ConversationView phone={PHONE} conversation={conv('opted_in')} onChanged={onChanged} />);
    await screen.findByText('Hi, is the condo still available?');
    expect(calls).toContainEqual({ url: '/api/crm/sms/sync', method: 'POST', body: { phoneNumber: PHONE } });
    expect(calls).toContainEqual({ url: '/api/crm/sms/conversations/read', method: 'POST', body: { phoneNumber: PHONE } });
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    const rows = container.querySelectorAll('.bubble-row');
    expect(Array.from(rows).map((r) => r.className)).toEqual(['bubble-row in', 'bubble-row out', 'bubble-row in']);
    expect(within(rows[1] as HTMLElement).getByRole('img', { name: 'Delivered' })).toBeInTheDocument();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(container.querySelector('.thread-body img')).toBeNull();
  });

  it('sends to the number with the contact id and shows the new bubble', async () => {
    render(<ConversationView phone={PHONE} conversation={conv('opted_in')} onChanged={() => {}} />);
    await screen.findByText('Yes! Want to see it?');
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'Saturday at 10?{Enter}');
    await screen.findByText('Saturday at 10?');
    expect(calls).toContainEqual({ url: '/api/crm/sms/send', method: 'POST', body: { to: PHONE, body: 'Saturday at 10?', contactId: 'c1' } });
  });

  it('without consent: explains, disables the composer, sends an opt-in request', async () => {
    render(<ConversationView phone={PHONE} conversation={conv('none')} onChanged={() => {}} />);
    const notice = await screen.findByTestId('consent-notice');
    expect(notice).toHaveTextContent(/no consent to receive texts on record/);
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    await userEvent.click(within(notice).getByRole('button', { name: 'Send opt-in request' }));
    await within(notice).findByText(/Opt-in request sent/);
    expect(calls).toContainEqual({ url: '/api/crm/sms/opt-in-request', method: 'POST', body: { phoneNumber: PHONE } });
  });

  it('opted out: says so, no opt-in request button', async () => {
    render(<ConversationView phone={PHONE} conversation={conv('opted_out')} onChanged={() => {}} />);
    const notice = await screen.findByTestId('consent-notice');
    expect(notice).toHaveTextContent(/opted out of texts/);
    expect(within(notice).queryByRole('button')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled();
  });
});
