import type { MessageKey } from './i18n.ts';

export interface FieldError {
  path: string;
  message: string;
  code: string;
}

/**
 * The one error type the application throws. It carries a stable code (the problem `type`), an
 * HTTP status and optional field errors; the HTTP layer turns it into problem+json in the caller's language.
 */
export class AppError extends Error {
  readonly code: MessageKey;
  readonly status: number;
  readonly params: Record<string, string>;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(
    code: MessageKey,
    status: number,
    opts: { params?: Record<string, string>; errors?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(code);
    this.code = code;
    this.status = status;
    this.params = opts.params ?? {};
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
}

export const notFound = () => new AppError('not_found', 404);
export const forbidden = () => new AppError('forbidden', 403);
export const unauthenticated = () => new AppError('unauthenticated', 401);
export const conflict = () => new AppError('conflict', 409);

/** A `.catch` handler that turns a unique-key violation into a 409 on the given field, and rethrows anything else. */
export function onUniqueViolation(code: MessageKey, path: string) {
  return (err: unknown): never => {
    if ((err as { code?: string }).code === '23505') throw new AppError(code, 409, { errors: [{ path, code, message: '' }] });
    throw err;
  };
}
