import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): ~25 ms here, so sign-in stays quick and guessing stays slow.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 as const };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verified against when the email is unknown, so a wrong address takes as long as a wrong password. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$WzpUancQhXw7l5j/oE81Nw$nOdos0GujYQwoyFalNi675Ulw0jMCb8KjqCs1z4NrqE';

export function lockoutUntil(failedAttempts: number, now: Date): Date | null {
  // Five free tries, then a lock that doubles with each further failure: 1, 2, 4 … up to 60 minutes.
  if (failedAttempts < 5) return null;
  const minutes = Math.min(60, 2 ** (failedAttempts - 5));
  return new Date(now.getTime() + minutes * 60_000);
}
