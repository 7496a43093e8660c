import type { MessageKey } from '../../ui/locales/types.ts';

/** The sign-up form's values as the browser has them (trimmed strings). */
export interface SignUpValues {
  familyName?: string;
  givenName?: string;
  middleName?: string;
  birthDate?: string;
  nationalIdType?: string;
  nationalId?: string;
  email?: string;
  password?: string;
  passwordConfirm?: string;
}

export type SignUpFieldError = { key: MessageKey; params?: Record<string, string | number> };

const REQUIRED = ['familyName', 'givenName', 'birthDate', 'nationalId', 'email', 'password', 'passwordConfirm'] as const;
const ID_DIGITS: Record<string, number> = { 'KZ-IIN': 12, 'UZ-PINFL': 14 };

/**
 * The checks the browser can make before anything is sent, each with a message that says how to
 * put it right. The server checks everything again (and the identifier's check digit and its agreement
 * with the birth date, which it words itself).
 */
export function checkSignUp(v: SignUpValues, today: string): Partial<Record<keyof SignUpValues, SignUpFieldError>> {
  const errors: Partial<Record<keyof SignUpValues, SignUpFieldError>> = {};
  for (const f of REQUIRED) if (!v[f]) errors[f] = { key: 'field.required' };
  if (v.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) errors.email = { key: 'signUp.error.email' };
  if (v.nationalId) {
    const digits = ID_DIGITS[v.nationalIdType ?? 'KZ-IIN'] ?? 12;
    const number = v.nationalId.replace(/[\s-]+/g, '');
    if (number.length !== digits || !/^\d+$/.test(number)) errors.nationalId = { key: 'signUp.error.nationalId', params: { digits } };
  }
  if (v.birthDate && v.birthDate > today) errors.birthDate = { key: 'signUp.error.birthDateFuture' };
  if (v.password && v.password.length < 10) errors.password = { key: 'signUp.error.passwordShort' };
  else if (v.password && v.passwordConfirm && v.password !== v.passwordConfirm) errors.passwordConfirm = { key: 'auth.passwordMismatch' };
  return errors;
}

/** "m:ss" for the wait before a new code may be asked for. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
