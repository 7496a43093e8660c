import { z } from 'zod';
import { PERMISSIONS, ROLES } from './codes.ts';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles that work with patient data or administer the network: two-factor is required for them in production. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'patient');

export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;
