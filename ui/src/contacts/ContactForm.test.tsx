import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContactForm } from './ContactForm';
import { CONSENT_WORDING } from './consent';

function stubFetch(status: number, body: unknown) {
  const f = vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(new Response(JSON.stringify(body), { status })));
  vi.stubGlobal('fetch', f);
  return f;
}

async function fillRequired(phone = '760-555-0199') {
  await userEvent.type(screen.getByLabelText('First name'), 'Ana');
  await userEvent.type(screen.getByLabelText('Last name'), 'Lopez');
  await userEvent.type(screen.getByLabelText('Phone'), phone);
}

describe('ContactForm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('has every labelled field and the consent wording beside the opt-in box', () => {
    render(<ContactForm onSaved={() => {}} onCancel={() => {}} />);
    for (const l of ['First name', 'Last name', 'Phone', 'Email', 'Status', 'Tags', 'Notes', 'Buying', 'Selling', 'Property types', 'Locations', 'Timeframe']) {
      expect(screen.getByLabelText(l)).toBeInTheDocument();
    }
    const box = screen.getByRole('checkbox', { name: 'SMS opt-in' });
    expect(box).toHaveAccessibleDescription(CONSENT_WORDING);
  });

  it('sends the contact with the consent wording version when opted in', async () => {
    const f = stubFetch(201, { success: true, contact: { _id: 'c1', firstName: 'Ana', lastName: 'Lopez', phone: '+17605550199' } });
    const onSaved = vi.fn();
    render(<ContactForm onSaved={onSaved} onCancel={() => {}} />);
    await fillRequired();
    await userEvent.type(screen.getByLabelText('Tags'), 'buyer, vip');
    await userEvent.click(screen.getByRole('checkbox', { name: 'SMS opt-in' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    expect(onSaved).toHaveBeenCalled();
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/crm/contacts');
    expect(init?.method).toBe('POST');
    const body = JSON.parse(String(init?.body));
    expect(body).toMatchObject({ firstName: 'Ana', lastName: 'Lopez', phone: '760-555-0199', tags: ['buyer', 'vip'], preferences: { smsOptIn: true }, consentWordingVersion: 'tcpa-v1' });
  });

  it.each([
    [409, 'Contact with this phone number already exists'],
    [400, 'Phone number must be in E.164 format (e.g., +17605551234)'],
  ])('shows a %s from the server next to Phone', async (status, message) => {
    stubFetch(status, { success: false, error: message, code: status === 409 ? 'duplicate_phone' : 'invalid_phone' });
    render(<ContactForm onSaved={() => {}} onCancel={() => {}} />);
    await fillRequired('123');
    await userEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    const phone = screen.getByLabelText('Phone');
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(phone).toHaveAttribute('aria-invalid', 'true');
    expect(phone).toHaveAccessibleDescription(message);
  });

  it('puts an error on the field the server names', async () => {
    stubFetch(400, { success: false, error: 'email must look like name@example.com', code: 'invalid_email', field: 'email' });
    render(<ContactForm onSaved={() => {}} onCancel={() => {}} />);
    await fillRequired();
    await userEvent.type(screen.getByLabelText('Email'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    await screen.findByText('email must look like name@example.com');
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Phone')).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('requires first name, last name and phone before asking the server', async () => {
    const f = stubFetch(201, {});
    render(<ContactForm onSaved={() => {}} onCancel={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    expect(f).not.toHaveBeenCalled();
    expect(screen.getByText('Phone is required.')).toBeInTheDocument();
  });
});
