import { z } from 'zod';

export const ROLES = [
  'network_admin',
  'facility_admin',
  'coordinator',
  'consultant',
  'referring_physician',
  'nurse',
  'radiologist',
  'educator',
  'analyst',
  'patient',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles that work with patient data or administer the network: two-factor is required for them in production. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'patient');

export const PERMISSIONS = [
  'facility.read',
  'facility.manage',
  'user.read',
  'user.manage',
  'patient.search',
  'patient.read',
  'patient.write',
  'patient.self',
  'consent.write',
  'breakglass.use',
  'breakglass.review',
  'audit.read',
  'stats.read',
  'token.manage',
] as const;
export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;
