import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUrl(secret: string, account: string): string {
  return new TOTP({ issuer: 'Telemed Network', label: account, secret: Secret.fromBase32(secret), period: PERIOD }).toString();
}

/**
 * Checks a code within one step of clock drift and returns its time step, so the caller can
 * refuse a code that was already used (a replayed code is no second factor).
 */
export function verifyTotp(secret: string, code: string, lastStep: number | null, now: Date): number | null {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

export function generateTotp(secret: string, now: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD }).generate({ timestamp: now.getTime() });
}
