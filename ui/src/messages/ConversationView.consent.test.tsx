import { render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Contact, Conversation, OptInStatus } from '../api/types';
import { ConversationView } from './ConversationView';

// The composer opens on the number's consent as the server reports it (the conversation's
// optInStatus, or the ledger's state), never on the contact's preferences.smsOptIn: the two can
// disagree (a STOP after the box was ticked), and the server refuses the send by the ledger.

const PHONE = '+17605550199';
const contact: Contact = { _id: 'c9', firstName: 'Lena', lastName: 'Park', phone: PHONE, preferences: { smsOptIn: true } };
let ledgerState: OptInStatus;
let urls: string[];

beforeEach(() => {
  localStorage.clear();
  urls = [];
  ledgerState = 'opted_out';
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    urls.push(url);
    const ok = (b: object) => new Response(JSON.stringify({ success: true, ...b }), { status: 200 });
    if (url.startsWith('/api/crm/sms/messages')) return ok({ messages: [], pagination: { total: 0, limit: 100, skip: 0, hasMore: false } });
    if (url === '/api/crm/sms/sync') return ok({ imported: 0, skipped: 0 });
    if (url === '/api/crm/sms/conversations/read') return ok({});
    if (url.startsWith('/api/crm/contacts?')) return ok({ contacts: [contact], pagination: { total: 1, limit: 20, skip: 0, hasMore: false } });
    if (url === `/api/crm/consent/${PHONE}`) return ok({ phoneNumber: PHONE, state: ledgerState, events: [] });
    return new Response(JSON.stringify({ success: false, error: 'nope' }), { status: 404 });
  }));
});
afterEach(() => vi.unstubAllGlobals());

const listed = (optInStatus: OptInStatus): Conversation => ({
  phoneNumber: PHONE,
  contact: { _id: contact._id, firstName: contact.firstName, lastName: contact.lastName, phone: PHONE, preferences: { smsOptIn: true } },
  lastMessage: null, unreadCount: 0, optInStatus,
});

describe('ConversationView: the composer follows the number\'s consent, not the contact\'s smsOptIn', () => {
  it('listed with smsOptIn true but no consent in the ledger: composer disabled, the reason shown', async () => {
    render(<ConversationView phone={PHONE} conversation={listed('none')} onChanged={() => {}} />);
    const notice = await screen.findByTestId('consent-notice');
    expect(notice).toHaveTextContent(/no consent to receive texts on record/);
    expect(within(notice).getByRole('button', { name: 'Send opt-in request' })).toBeEnabled();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    expect(screen.getByTestId('consent-state')).toHaveTextContent('No text consent');
  });

  it('listed with smsOptIn true but opted out in the ledger: composer disabled, the reason shown', async () => {
    render(<ConversationView phone={PHONE} conversation={listed('opted_out')} onChanged={() => {}} />);
    const notice = await screen.findByTestId('consent-notice');
    expect(notice).toHaveTextContent(/opted out of texts/);
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled();
  });

  it('not in the list yet: the ledger (GET /api/crm/consent/:phone) decides, even when the contact says smsOptIn', async () => {
    render(<ConversationView phone={PHONE} conversation={null} onChanged={() => {}} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    // Not enabled while the ledger has not answered.
    expect(box).toBeDisabled();
    await screen.findByText('Lena Park opted out of texts');
    expect(screen.getByTestId('consent-notice')).toHaveTextContent(/opted out of texts/);
    expect(box).toBeDisabled();
    expect(box).toHaveAttribute('placeholder', 'Opted out: texting is blocked');
    expect(screen.getByTestId('consent-state')).toHaveTextContent('Opted out');
    expect(urls).toContain(`/api/crm/consent/${PHONE}`);
  });

  it('not in the list yet, opted in by the ledger: the composer opens', async () => {
    ledgerState = 'opted_in';
    render(<ConversationView phone={PHONE} conversation={null} onChanged={() => {}} />);
    await screen.findByText('Opted in');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled();
    expect(screen.queryByTestId('consent-notice')).toBeNull();
  });
});
