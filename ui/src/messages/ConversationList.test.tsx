import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../api/types';
import { ConversationList, sortConversations } from './ConversationList';

const base: Conversation = {
  phoneNumber: '+17605550101',
  contact: { _id: 'c1', firstName: 'Ana', lastName: 'Lopez', phone: '+17605550101', preferences: { smsOptIn: true } },
  lastMessage: { body: 'See you at the open house', direction: 'inbound', status: 'received', createdAt: '2026-11-20T10:00:00Z' },
  unreadCount: 2,
  messageCount: 5,
  optInStatus: 'opted_in',
};

describe('ConversationList', () => {
  it('shows name, preview, unread badge and a green avatar when opted in', () => {
    render(<ConversationList conversations={[base]} selected={null} loading={false} error="" />);
    const item = screen.getByRole('link', { name: /Ana Lopez/ });
    expect(item).toHaveAttribute('href', '/agent/messages/%2B17605550101');
    expect(within(item).getByText('See you at the open house')).toBeInTheDocument();
    expect(within(item).getByLabelText('2 unread')).toHaveTextContent('2');
    expect(item.querySelector('.avatar.opted-in')).not.toBeNull();
  });

  it('formats the number when there is no contact, and renders message text as text', () => {
    const c: Conversation = { ...base, contact: null, optInStatus: 'none', unreadCount: 0,
      lastMessage: { ...base.lastMessage!, body: '<img src=x onerror=alert(1)>' } };
    const { container } = render(<ConversationList conversations={[c]} selected={null} loading={false} error="" />);
    expect(screen.getByText('(760) 555-0101')).toBeInTheDocument();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.queryByLabelText(/unread/)).toBeNull();
    expect(container.querySelector('.avatar.opted-in')).toBeNull();
  });

  it('marks a conversation whose text may have asked to stop texting', () => {
    const flagged: Conversation = { ...base, possibleOptOut: { messageSid: 'SM1', text: 'please stop texting me', phrase: 'stop texting', flaggedAt: '2026-11-20T10:00:00Z' } };
    const other: Conversation = { ...base, phoneNumber: '+17605550102', possibleOptOut: null };
    render(<ConversationList conversations={[flagged, other]} selected={null} loading={false} error="" />);
    const item = screen.getByRole('link', { name: /Ana Lopez.*Possible opt-out/ });
    expect(item).toHaveAttribute('data-phone', '+17605550101');
    const badge = within(item).getByRole('img', { name: 'Possible opt-out' });
    expect(badge).toHaveTextContent('Possible opt-out');
    expect(badge).toHaveAttribute('title', 'Possible opt-out: they wrote “please stop texting me”');
    expect(screen.getAllByTestId('possible-opt-out-badge')).toHaveLength(1);
  });

  it('sorts newest activity first', () => {
    const older = { ...base, phoneNumber: '+1', lastMessage: { ...base.lastMessage!, createdAt: '2026-11-01T00:00:00Z' } };
    const newer = { ...base, phoneNumber: '+2', lastMessage: { ...base.lastMessage!, createdAt: '2026-11-21T00:00:00Z' } };
    expect(sortConversations([older, newer]).map((c) => c.phoneNumber)).toEqual(['+2', '+1']);
  });
});
