import type { SessionInfo, SignUpAccepted, SignUpBody } from '@telemed/contracts';
import type { ApiClient } from '../../ui/api.ts';

export type { SignUpBody };

export const signUp = (api: ApiClient, body: SignUpBody) => api.post<SignUpAccepted>('/api/portal/sign-up', body);
export const resendCode = (api: ApiClient, email: string) => api.post<SignUpAccepted>('/api/portal/sign-up/resend', { email });
export const verifyCode = (api: ApiClient, email: string, code: string) => api.post<SessionInfo>('/api/portal/verify', { email, code });

/**
 * What the code page needs across a reload: the email (never the password or the other details)
 * and when a new code may be asked for. Kept for this tab only.
 */
export interface PendingSignUp {
  email: string;
  codeMinutes: number;
  /** Epoch milliseconds. */
  resendAt: number;
}

const KEY = 'telemed.signUp';

export function rememberPendingSignUp(pending: PendingSignUp): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(pending));
  } catch {
    // Private modes may refuse storage; the page still works until it is reloaded.
  }
}

export function pendingSignUp(): PendingSignUp | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<PendingSignUp> | null;
    if (value && typeof value.email === 'string' && typeof value.resendAt === 'number' && typeof value.codeMinutes === 'number') {
      return value as PendingSignUp;
    }
  } catch {
    // Nothing usable stored.
  }
  return null;
}

export function forgetPendingSignUp(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing to forget.
  }
}
