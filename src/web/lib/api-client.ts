import type { Problem } from '#shared/contracts/common.ts';

/** An API answer that was not a success, carrying its problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
  /** The message for one field (by the last segment of its path), if the server named it. */
  fieldError(field: string): string | undefined {
    return this.problem.errors.find((e) => e.path.split('/').pop() === field || e.path.endsWith(`/${field}`))
      ?.message;
  }
}

let csrfToken: string | null = null;
/** Remembered from the session; sent with every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let onUnauthenticated: () => void = () => {};
/** What to do when the server says the session is gone (the app sends the person to sign in). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Multipart uploads (the browser sets the boundary). */
  formData?: FormData;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

/** The one way the web app talks to the server. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const url = new URL(`/api${path}`, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.formData) body = options.formData;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(url, {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (response.status === 204) return undefined as T;
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const payload = isJson ? await response.json() : null;
  if (!response.ok) {
    const problem: Problem =
      payload && typeof payload === 'object' && 'title' in payload
        ? { errors: [], ...payload }
        : {
            type: 'about:blank',
            title: response.statusText || 'Request failed',
            status: response.status,
            detail: 'The server could not complete this request.',
            code: 'unknown',
            errors: [],
          };
    if (response.status === 401 && path !== '/session') onUnauthenticated();
    throw new ApiError(response.status, problem);
  }
  return payload as T;
}
