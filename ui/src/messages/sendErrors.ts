import { ApiError } from '../api/client';

/** A sentence an agent can act on, for a send the server refused. */
export function describeSendError(e: unknown): { code: string; text: string } {
  const err = e as ApiError;
  const code = err?.code ?? '';
  if (code === 'no_consent') {
    return { code, text: 'Not sent: this number has no text consent on record. Send an opt-in request first.' };
  }
  if (code === 'opted_out') {
    return { code, text: 'Not sent: this number opted out (replied STOP). It must reply START before you can text it again.' };
  }
  if (code === 'possible_opt_out') {
    // The server's sentence says what stands in the way (a text that read as a request to stop).
    return { code, text: `Not sent: ${err.message || 'this contact may have asked you to stop texting.'}` };
  }
  if (err instanceof ApiError && err.status === 502) {
    return { code: code || 'twilio_error', text: `Not sent: Twilio refused the message: ${err.message}` };
  }
  if (err instanceof ApiError && err.status === 0) {
    return { code: 'network', text: 'Not sent: the server cannot be reached. Your text is kept; try again.' };
  }
  return { code: code || 'error', text: `Not sent: ${err?.message || 'unknown error'}` };
}
