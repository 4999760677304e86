import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { StatusIcon, statusKind } from './StatusIcon';

describe('StatusIcon', () => {
  it.each([
    ['queued', 'Sending'],
    ['accepted', 'Sending'],
    ['sending', 'Sending'],
    ['sent', 'Sent'],
    ['delivered', 'Delivered'],
  ])('%s shows %s', (status, label) => {
    render(<StatusIcon status={status} />);
    const icon = screen.getByRole('img', { name: label });
    expect(icon).toHaveAttribute('title', label);
  });

  it('draws a different icon for each state', () => {
    const { container } = render(<><StatusIcon status="sending" /><StatusIcon status="sent" /><StatusIcon status="delivered" /></>);
    const kinds = Array.from(container.querySelectorAll('[data-status]')).map((e) => e.getAttribute('data-status'));
    expect(kinds).toEqual(['sending', 'sent', 'delivered']);
    const paths = Array.from(container.querySelectorAll('svg')).map((s) => s.innerHTML);
    expect(new Set(paths).size).toBe(3);
  });

  it('shows nothing for inbound statuses', () => {
    const { container } = render(<StatusIcon status="received" />);
    expect(container).toBeEmptyDOMElement();
  });

  it('failed: the error is in the hover title and shown on tap', async () => {
    render(<StatusIcon status="failed" errorCode={30003} errorMessage="Unreachable destination handset" />);
    const btn = screen.getByRole('button', { name: /Failed: Unreachable destination handset \(error 30003\)/ });
    expect(btn).toHaveAttribute('title', 'Unreachable destination handset (error 30003)');
    expect(screen.queryByRole('note')).toBeNull();
    await userEvent.click(btn);
    expect(screen.getByRole('note')).toHaveTextContent('Unreachable destination handset (error 30003)');
    await userEvent.click(btn);
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('undelivered counts as failed, with the code when there is no message', () => {
    render(<StatusIcon status="undelivered" errorCode="30003" />);
    expect(screen.getByRole('button', { name: 'Failed: Twilio error 30003' })).toBeInTheDocument();
  });

  it('non-interactive failed icon (in the list preview) is not a button', () => {
    render(<StatusIcon status="failed" interactive={false} />);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('img', { name: 'Failed: Not delivered' })).toBeInTheDocument();
  });

  it('maps statuses', () => {
    expect(statusKind('read')).toBe('delivered');
    expect(statusKind('canceled')).toBe('failed');
    expect(statusKind('received')).toBe('none');
  });
});
