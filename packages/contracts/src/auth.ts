import { z } from 'zod';
import { Language, Uuid } from './common.ts';
import { Permission, Role } from './roles.ts';

export const Email = z.email().trim().toLowerCase().max(254);
/** Long passphrases beat composition rules (NIST SP 800-63B): length only, with a ceiling against hashing abuse. */
export const NewPassword = z.string().min(10).max(200);

export const SignInBody = z.object({ email: Email, password: z.string().min(1).max(200) });
export const TotpBody = z.object({ code: z.string().trim().regex(/^\d{6}$/) });

export const Membership = z.object({
  facilityId: Uuid,
  facilityCode: z.string(),
  facilityName: z.string(),
  role: Role,
});
export type Membership = z.infer<typeof Membership>;

export const SessionState = z.enum(['active', 'mfa_required', 'mfa_enrolment_required']);

export const SessionInfo = z.object({
  state: SessionState,
  csrfToken: z.string(),
  user: z.object({
    id: Uuid,
    email: z.string(),
    displayName: z.string(),
    language: Language,
    totpEnabled: z.boolean(),
    patientId: Uuid.nullable(),
  }),
  memberships: z.array(Membership),
  activeFacilityId: Uuid.nullable(),
  activeRole: Role.nullable(),
  permissions: z.array(Permission),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SwitchFacilityBody = z.object({ facilityId: Uuid, role: Role.optional() });
export const PreferencesBody = z.object({ language: Language });

export const TotpEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string() });

export const PasswordResetRequestBody = z.object({ email: Email });
export const PasswordResetCompleteBody = z.object({ token: z.string().min(20).max(200), password: NewPassword });
export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: NewPassword });

export const ApiTokenCreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(Permission).min(1),
  facilityId: Uuid,
  expiresInDays: z.number().int().min(1).max(730).default(90),
});
export const ApiToken = z.object({
  id: Uuid,
  name: z.string(),
  scopes: z.array(Permission),
  facilityId: Uuid,
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const ApiTokenCreated = ApiToken.extend({ token: z.string() });
export const ApiTokenList = z.object({ items: z.array(ApiToken) });
