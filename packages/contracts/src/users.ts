import { z } from 'zod';
import { Language, Uuid } from './common.ts';
import { Email, NewPassword } from './auth.ts';
import { Role } from './roles.ts';

export const MembershipInput = z.object({ facilityId: Uuid, role: Role });

export const UserCreateBody = z.object({
  email: Email,
  displayName: z.string().trim().min(1).max(200),
  language: Language,
  password: NewPassword,
  memberships: z.array(MembershipInput).min(1).max(20),
});
export const UserUpdateBody = z.object({
  displayName: z.string().trim().min(1).max(200).optional(),
  active: z.boolean().optional(),
  memberships: z.array(MembershipInput).min(1).max(20).optional(),
});
export const UserSummary = z.object({
  id: Uuid,
  email: z.string(),
  displayName: z.string(),
  language: Language,
  active: z.boolean(),
  totpEnabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  memberships: z.array(MembershipInput),
});
export const UserList = z.object({ items: z.array(UserSummary) });
export const UserListQuery = z.object({
  facilityId: Uuid.optional(),
  q: z.string().trim().max(100).optional(),
});
