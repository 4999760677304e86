// Live changes: GET /api/crm/updates (a long poll).
import { api } from './client';
import type { Change } from './types';

export interface UpdatesReply {
  position: number | string;
  changes?: Change[];
}

/** Held open by the server for up to `timeout` seconds until something after `after` changed. */
export function fetchUpdates(after: string, timeout: number, signal?: AbortSignal): Promise<UpdatesReply> {
  return api<UpdatesReply>(`/api/crm/updates?after=${encodeURIComponent(after)}&timeout=${timeout}`, { signal });
}
