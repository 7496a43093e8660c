import type { Permission } from '@telemed/contracts';
import type { ApiClient } from '../../ui/api.ts';
import type { ApiToken, ApiTokenCreated } from '../../ui/contract-types.ts';

export const changePassword = (api: ApiClient, currentPassword: string, newPassword: string) =>
  api.post<{ ok: true }>('/api/auth/password', { currentPassword, newPassword });

export const listTokens = (api: ApiClient, signal?: AbortSignal) => api.get<{ items: ApiToken[] }>('/api/auth/tokens', { signal });

export const createToken = (api: ApiClient, body: { name: string; scopes: Permission[]; facilityId: string; expiresInDays: number }) =>
  api.post<ApiTokenCreated>('/api/auth/tokens', body);

export const revokeToken = (api: ApiClient, id: string) => api.delete<{ ok: true }>(`/api/auth/tokens/${id}`);
