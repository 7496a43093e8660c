export * from './common.ts';
export * from './roles.ts';
export * from './facilities.ts';
export * from './auth.ts';
export * from './users.ts';
export * from './patients.ts';
export * from './audit.ts';
export * from './codes.ts';
