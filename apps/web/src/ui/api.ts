import type { Language } from '@telemed/contracts';
import { markReachable, markUnreachable } from './connectivity.ts';

export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them; `title` is already in the user's language. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

/** A failed request. `problem` is missing when the server could not be reached or answered without problem+json. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemBody | null;

  constructor(status: number, problem: ProblemBody | null) {
    super(problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** Whether the problem's type ends in the given code, e.g. `patient-out-of-scope`. */
  isType(code: string): boolean {
    return this.problem?.type.endsWith(`/${code}`) ?? false;
  }

  /** Field errors of the request body keyed by field path without the `body.` prefix (`name.kk`, `memberships.0.role`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) {
      const key = e.path.replace(/^(body|querystring|params)\.?/, '');
      if (key && !out[key]) out[key] = e.message;
    }
    return out;
  }
}

export interface RequestOptions {
  /** Purpose of use for patient data, written into the audit trail by the server. */
  purpose?: 'treatment' | 'consultation' | 'emergency' | 'administration' | 'quality';
  signal?: AbortSignal;
}

export interface ApiClient {
  get<T>(path: string, opts?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T>;
  put<T>(path: string, body: unknown, opts?: RequestOptions): Promise<T>;
  patch<T>(path: string, body: unknown, opts?: RequestOptions): Promise<T>;
  delete<T>(path: string, opts?: RequestOptions): Promise<T>;
  /** The session's CSRF token, echoed on every write; kept in memory only. */
  setCsrfToken(token: string | null): void;
  /** The same token, for requests made outside this client (resumable uploads). */
  csrfToken(): string | null;
}

export interface ApiClientOptions {
  language(): Language;
  /** Called when the server says the session is gone (401) so the app can return to sign-in. */
  onUnauthorized(): void;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  let csrfToken: string | null = null;

  async function request<T>(method: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': options.language() };
    // A Blob (a file being uploaded) goes as it is, with its own type; everything else as JSON.
    const isBlob = typeof Blob !== 'undefined' && body instanceof Blob;
    if (body !== undefined) headers['Content-Type'] = isBlob ? (body.type || 'application/octet-stream') : 'application/json';
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (opts.purpose) headers['X-Purpose-Of-Use'] = opts.purpose;
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : isBlob ? body : JSON.stringify(body),
        credentials: 'same-origin',
        signal: opts.signal,
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      markUnreachable();
      throw new ApiError(0, null);
    }
    markReachable();
    const type = response.headers.get('content-type') ?? '';
    const data: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) {
      if (response.status === 401) options.onUnauthorized();
      const problem = data && typeof data === 'object' && 'title' in data ? (data as ProblemBody) : null;
      throw new ApiError(response.status, problem);
    }
    return data as T;
  }

  return {
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body, opts) => request('POST', path, body ?? {}, opts),
    put: (path, body, opts) => request('PUT', path, body, opts),
    patch: (path, body, opts) => request('PATCH', path, body, opts),
    delete: (path, opts) => request('DELETE', path, undefined, opts),
    setCsrfToken(token) {
      csrfToken = token;
    },
    csrfToken: () => csrfToken,
  };
}

/** Builds a query string from the defined, non-empty values only. */
export function toQuery(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
