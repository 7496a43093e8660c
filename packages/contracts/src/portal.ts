import { z } from 'zod';
import { Email, NewPassword } from './auth.ts';
import { BirthDate, Language } from './common.ts';
import { NationalIdType } from './patients.ts';

/** How long an emailed sign-up code stays valid, how often a new one may be sent, how many tries it allows. */
export const SIGN_UP_CODE_MINUTES = 15;
export const SIGN_UP_RESEND_SECONDS = 60;
export const SIGN_UP_MAX_ATTEMPTS = 5;

const Name = z.string().trim().min(1).max(100);

/** A patient creates their own portal account; the account exists once the emailed code comes back. */
export const SignUpBody = z.object({
  familyName: Name,
  givenName: Name,
  middleName: z.string().trim().max(100).optional(),
  birthDate: BirthDate,
  nationalIdType: NationalIdType.default('KZ-IIN'),
  nationalId: z.string().trim().min(1).max(20),
  email: Email,
  password: NewPassword,
  language: Language,
});
export type SignUpBody = z.infer<typeof SignUpBody>;

/** The same answer whatever the email or the person: "if the details are valid, a code is on its way". */
export const SignUpAccepted = z.object({
  ok: z.literal(true),
  codeMinutes: z.number().int(),
  resendAfterSeconds: z.number().int(),
});
export type SignUpAccepted = z.infer<typeof SignUpAccepted>;

export const SignUpCode = z.string().trim().regex(/^\d{6}$/);
export const SignUpVerifyBody = z.object({ email: Email, code: SignUpCode });
export const SignUpResendBody = z.object({ email: Email });
