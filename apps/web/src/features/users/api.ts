import type { ApiClient } from '../../ui/api.ts';
import { toQuery } from '../../ui/api.ts';
import type { UserCreateBody, UserSummary, UserUpdateBody } from '../../ui/contract-types.ts';

export const listUsers = (api: ApiClient, filter: { facilityId?: string; q?: string }, signal?: AbortSignal) =>
  api.get<{ items: UserSummary[] }>(`/api/users${toQuery(filter)}`, { signal });
export const createUser = (api: ApiClient, body: UserCreateBody) => api.post<UserSummary>('/api/users', body);
export const updateUser = (api: ApiClient, id: string, body: UserUpdateBody) => api.patch<UserSummary>(`/api/users/${id}`, body);
export const unlockUser = (api: ApiClient, id: string) => api.post<UserSummary>(`/api/users/${id}/unlock`);
