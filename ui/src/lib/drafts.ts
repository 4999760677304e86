// Unsent text per conversation, kept across conversation switches and reloads.
const KEY = 'crm.drafts.v1';

function readAll(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

export function getDraft(phone: string): string {
  return readAll()[phone] ?? '';
}

export function setDraft(phone: string, text: string): void {
  try {
    const all = readAll();
    if (text) all[phone] = text;
    else delete all[phone];
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Private mode or full storage: drafts then live only in memory.
  }
}

/** Forgets every unsent text: on sign-out and when the session has ended (a shared computer keeps nothing). */
export function clearDrafts(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Storage unavailable: there is nothing kept to clear.
  }
}
