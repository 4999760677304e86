import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { Composer } from './Composer';

const fetcher = vi.fn().mockResolvedValue({ encoding: 'GSM-7', segments: 1, characters: 1 });

function setup(onSend: (t: string) => Promise<unknown>, props: Partial<Parameters<typeof Composer>[0]> = {}) {
  render(<Composer onSend={onSend} fetcher={fetcher} counterDelayMs={0} {...props} />);
  return screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
}

describe('Composer', () => {
  it('Enter sends the text and clears the box', async () => {
    const onSend = vi.fn().mockResolvedValue({});
    const box = setup(onSend);
    await userEvent.type(box, 'Hello there{Enter}');
    expect(onSend).toHaveBeenCalledWith('Hello there', false);
    expect(box.value).toBe('');
  });

  it('Shift+Enter adds a line and does not send', async () => {
    const onSend = vi.fn().mockResolvedValue({});
    const box = setup(onSend);
    await userEvent.type(box, 'Line one{Shift>}{Enter}{/Shift}Line two');
    expect(onSend).not.toHaveBeenCalled();
    expect(box.value).toBe('Line one\nLine two');
    await userEvent.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith('Line one\nLine two', false);
  });

  it('the Send button sends', async () => {
    const onSend = vi.fn().mockResolvedValue({});
    const box = setup(onSend);
    const btn = screen.getByRole('button', { name: 'Send' });
    expect(btn).toBeDisabled();
    await userEvent.type(box, 'Hi');
    expect(btn).toBeEnabled();
    await userEvent.click(btn);
    expect(onSend).toHaveBeenCalledWith('Hi', false);
  });

  it('does not send blank text', async () => {
    const onSend = vi.fn().mockResolvedValue({});
    const box = setup(onSend);
    await userEvent.type(box, '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
  });

  it.each([
    [new ApiError(403, 'No consent on record for this number', 'no_consent'), /no text consent on record/i],
    [new ApiError(403, 'This number has opted out', 'opted_out'), /opted out \(replied STOP\)/i],
    [new ApiError(502, 'The message From/To pair violates a blacklist rule.', '21610'), /Twilio refused the message: The message From\/To pair violates a blacklist rule\./],
    [new ApiError(0, 'Cannot reach the server.'), /cannot be reached/],
    [new ApiError(403, 'This contact may have asked you to stop texting; confirm to send anyway.', 'possible_opt_out'), /^Not sent: This contact may have asked you to stop texting; confirm to send anyway\.$/],
  ])('keeps the text and shows the reason when the send fails (%s)', async (err, reason) => {
    const onSend = vi.fn().mockRejectedValue(err);
    const box = setup(onSend);
    await userEvent.type(box, 'Important text{Enter}');
    expect(onSend).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('alert')).toHaveTextContent(reason);
    expect(box.value).toBe('Important text');
  });

  it('asks first when told to: a no keeps the text and sends nothing, a yes sends it as confirmed', async () => {
    const onSend = vi.fn().mockResolvedValue({});
    const confirmSend = vi.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const box = setup(onSend, { confirmSend });
    await userEvent.type(box, 'Still on for Saturday?{Enter}');
    expect(confirmSend).toHaveBeenCalledTimes(1);
    expect(onSend).not.toHaveBeenCalled();
    expect(box.value).toBe('Still on for Saturday?');
    await userEvent.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith('Still on for Saturday?', true);
    expect(box.value).toBe('');
  });

  it('the reason goes away when the agent edits the text', async () => {
    const onSend = vi.fn().mockRejectedValue(new ApiError(403, 'x', 'opted_out'));
    const box = setup(onSend);
    await userEvent.type(box, 'Hi{Enter}');
    await screen.findByRole('alert');
    await userEvent.type(box, '!');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(box.value).toBe('Hi!');
  });

  it('disabled: nothing can be sent', async () => {
    const onSend = vi.fn().mockResolvedValue({});
    const box = setup(onSend, { disabled: true });
    expect(box).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('starts from a saved draft and reports changes', async () => {
    const onDraftChange = vi.fn();
    const box = setup(vi.fn().mockResolvedValue({}), { initialText: 'draft', onDraftChange });
    expect(box.value).toBe('draft');
    await userEvent.type(box, '!');
    expect(onDraftChange).toHaveBeenLastCalledWith('draft!');
  });

  it('shows the segment counter for the text', async () => {
    const f = vi.fn().mockResolvedValue({ encoding: 'GSM-7', segments: 1, characters: 2 });
    setup(vi.fn(), { fetcher: f });
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi');
    expect(await screen.findByTestId('segment-counter')).toHaveTextContent('2 characters · GSM-7 · 1 segment');
  });
});
