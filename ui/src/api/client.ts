// The only way the UI talks to crmd: relative fetches to /api/... with the session cookie.
// Screens do not call it with paths: each resource's module owns its paths (auth.ts,
// contacts.ts, conversations.ts, messages.ts, consent.ts, updates.ts, users.ts) and calls api() here.
// Every failure becomes an ApiError carrying the server's sentence and stable code; a 401
// anywhere (except the sign-in call itself) tells the app to show the sign-in page.

export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  readonly body: unknown;

  constructor(status: number, message: string, code?: string, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }

  /** The request field the server says the refusal is about (its `field` member), if it named one. */
  get field(): string | undefined {
    const f = (this.body as { field?: unknown } | null)?.field;
    return typeof f === 'string' && f ? f : undefined;
  }

  /** True when the request never got an HTTP answer, or the server was restarting. */
  get transient(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** Registers what happens when the session has gone (the app navigates to /login). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not trigger the sign-out flow on 401 (used by /api/auth/me and the login itself). */
  allow401?: boolean;
}

function fallbackMessage(status: number): string {
  if (status === 0) return 'Cannot reach the server. Check your connection.';
  if (status === 502 || status === 503 || status === 504) return 'The server is not available right now. Try again in a moment.';
  if (status === 404) return 'Not found.';
  return `The request failed (HTTP ${status}).`;
}

export async function api<T = Record<string, unknown>>(path: string, opts: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    signal: opts.signal,
  };
  if (opts.body !== undefined) {
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, fallbackMessage(0));
  }
  let data: unknown = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      // A success we cannot read is not a success.
      if (res.ok) throw new ApiError(502, 'The server sent an answer that could not be read.', 'unreadable_reply');
      data = null;
    }
  }
  const obj = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  if (!res.ok || obj.success === false) {
    const message = typeof obj.error === 'string' && obj.error ? obj.error
      : typeof obj.message === 'string' && obj.message ? obj.message
      : fallbackMessage(res.status);
    const code = typeof obj.code === 'string' ? obj.code : typeof obj.code === 'number' ? String(obj.code) : undefined;
    if (res.status === 401 && !opts.allow401 && onUnauthorized) onUnauthorized();
    throw new ApiError(res.ok ? 400 : res.status, message, code, data);
  }
  return obj as T;
}

/** Builds a query string, leaving out empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
