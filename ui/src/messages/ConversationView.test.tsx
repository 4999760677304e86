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

const flag = { messageSid: 'SMflag', text: 'please stop texting me', phrase: 'stop texting', flaggedAt: '2026-11-25T10:05:00Z' };
const flagged = (): Conversation => ({ ...conv('opted_in'), possibleOptOut: flag });

let calls: { url: string; method: string; body: unknown }[];
let thread: SMSMessage[];
let resolveReply: { status: number; body: unknown };
let sendReply: { status: number; body: unknown } | null;

beforeEach(() => {
  localStorage.clear();
  calls = [];
  resolveReply = { status: 200, body: { success: true } };
  sendReply = null;
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
    if (url === '/api/crm/sms/possible-opt-out/resolve') return new Response(JSON.stringify(resolveReply.body), { status: resolveReply.status });
    if (url === '/api/crm/sms/send' && sendReply) return new Response(JSON.stringify(sendReply.body), { status: sendReply.status });
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

describe('ConversationView: possible opt-out', () => {
  const sends = () => calls.filter((c) => c.url === '/api/crm/sms/send');
  const resolves = () => calls.filter((c) => c.url === '/api/crm/sms/possible-opt-out/resolve');

  it('shows a banner quoting what they wrote, with both choices', async () => {
    render(<ConversationView phone={PHONE} conversation={flagged()} onChanged={() => {}} />);
    const banner = await screen.findByRole('region', { name: 'Possible opt-out' });
    expect(banner).toHaveTextContent('Ana Lopez may have asked you to stop texting.');
    expect(banner).toHaveTextContent('They wrote: please stop texting me');
    expect(within(banner).getByText('please stop texting me').tagName).toBe('Q');
    expect(within(banner).getByRole('button', { name: 'Stop texting (record opt-out)' })).toBeEnabled();
    expect(within(banner).getByRole('button', { name: 'Keep texting' })).toBeEnabled();
  });

  it('no flag, no banner', async () => {
    render(<ConversationView phone={PHONE} conversation={{ ...conv('opted_in'), possibleOptOut: null }} onChanged={() => {}} />);
    await screen.findByText('Yes! Want to see it?');
    expect(screen.queryByTestId('possible-opt-out-banner')).toBeNull();
  });

  it('"Stop texting" records the opt-out (resolution revoke) and the banner goes', async () => {
    const onChanged = vi.fn();
    render(<ConversationView phone={PHONE} conversation={flagged()} onChanged={onChanged} />);
    const banner = await screen.findByTestId('possible-opt-out-banner');
    onChanged.mockClear();
    await userEvent.click(within(banner).getByRole('button', { name: 'Stop texting (record opt-out)' }));
    await waitFor(() => expect(screen.queryByTestId('possible-opt-out-banner')).toBeNull());
    expect(resolves()).toEqual([{ url: '/api/crm/sms/possible-opt-out/resolve', method: 'POST', body: { phoneNumber: PHONE, resolution: 'revoke' } }]);
    expect(onChanged).toHaveBeenCalled();
  });

  it('"Keep texting" needs a reason, then records it (resolution keep)', async () => {
    render(<ConversationView phone={PHONE} conversation={flagged()} onChanged={() => {}} />);
    const banner = await screen.findByTestId('possible-opt-out-banner');
    await userEvent.click(within(banner).getByRole('button', { name: 'Keep texting' }));
    const dialog = await screen.findByRole('dialog', { name: 'Keep texting' });
    const reason = within(dialog).getByLabelText('Reason');
    expect(reason).toHaveFocus();
    await userEvent.type(reason, '   ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep texting' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Say why you will keep texting this number.');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(resolves()).toEqual([]);

    await userEvent.clear(reason);
    await userEvent.type(reason, 'They meant the Elm St listing only; asked about Oak Ave');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep texting' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(resolves()).toEqual([{ url: '/api/crm/sms/possible-opt-out/resolve', method: 'POST',
      body: { phoneNumber: PHONE, resolution: 'keep', reason: 'They meant the Elm St listing only; asked about Oak Ave' } }]);
    expect(screen.queryByTestId('possible-opt-out-banner')).toBeNull();
  });

  it('"Keep texting": the server\'s refusal is shown and the banner stays', async () => {
    resolveReply = { status: 400, body: { success: false, error: 'A reason is required to keep texting', code: 'reason_required' } };
    render(<ConversationView phone={PHONE} conversation={flagged()} onChanged={() => {}} />);
    const banner = await screen.findByTestId('possible-opt-out-banner');
    await userEvent.click(within(banner).getByRole('button', { name: 'Keep texting' }));
    const dialog = await screen.findByRole('dialog', { name: 'Keep texting' });
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'x');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep texting' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('A reason is required to keep texting');
    expect(screen.getByTestId('possible-opt-out-banner')).toBeInTheDocument();
  });

  it('a flag resolved elsewhere meanwhile (409 no_possible_opt_out) just goes', async () => {
    resolveReply = { status: 409, body: { success: false, error: 'There is no possible opt-out to resolve', code: 'no_possible_opt_out' } };
    render(<ConversationView phone={PHONE} conversation={flagged()} onChanged={() => {}} />);
    const banner = await screen.findByTestId('possible-opt-out-banner');
    await userEvent.click(within(banner).getByRole('button', { name: 'Stop texting (record opt-out)' }));
    await waitFor(() => expect(screen.queryByTestId('possible-opt-out-banner')).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sending while flagged asks first, and sends confirmPossibleOptOut only after "Send anyway"', async () => {
    render(<ConversationView phone={PHONE} conversation={flagged()} onChanged={() => {}} />);
    await screen.findByText('Yes! Want to see it?');
    const box = screen.getByRole('textbox', { name: 'Message' });
    await userEvent.type(box, 'Sorry, I will not text again about Elm St{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Send anyway?' });
    expect(dialog).toHaveTextContent('This contact may have asked you to stop texting (they wrote please stop texting me). Send anyway?');
    expect(sends()).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send anyway' }));
    await screen.findByText('Sorry, I will not text again about Elm St');
    expect(sends()).toEqual([{ url: '/api/crm/sms/send', method: 'POST',
      body: { to: PHONE, body: 'Sorry, I will not text again about Elm St', contactId: 'c1', confirmPossibleOptOut: true } }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('cancelling the confirmation sends nothing and keeps the text', async () => {
    render(<ConversationView phone={PHONE} conversation={flagged()} onChanged={() => {}} />);
    await screen.findByText('Yes! Want to see it?');
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    await userEvent.type(box, 'Quick question{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Send anyway?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sends()).toEqual([]);
    expect(box.value).toBe('Quick question');
    expect(box).toHaveFocus();
    // Escape is a no as well.
    await userEvent.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: 'Send anyway?' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sends()).toEqual([]);
  });

  it('without a flag nothing is asked and confirmPossibleOptOut is not sent', async () => {
    render(<ConversationView phone={PHONE} conversation={conv('opted_in')} onChanged={() => {}} />);
    await screen.findByText('Yes! Want to see it?');
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello{Enter}');
    await screen.findByText('Hello');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sends().map((c) => c.body)).toEqual([{ to: PHONE, body: 'Hello', contactId: 'c1' }]);
  });

  it('a 403 possible_opt_out from the server (flagged after the list loaded) shows its message and keeps the text', async () => {
    sendReply = { status: 403, body: { success: false, error: 'This contact may have asked you to stop texting. Confirm before sending.', code: 'possible_opt_out' } };
    const onChanged = vi.fn();
    render(<ConversationView phone={PHONE} conversation={conv('opted_in')} onChanged={onChanged} />);
    await screen.findByText('Yes! Want to see it?');
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    await userEvent.type(box, 'Hello{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not sent: This contact may have asked you to stop texting. Confirm before sending.');
    expect(alert).toHaveAttribute('data-code', 'possible_opt_out');
    expect(box.value).toBe('Hello');
    expect(onChanged).toHaveBeenCalled(); // the list reloads and brings the flag
  });
});
