import { IdParams, UserCreateBody, UserList, UserListQuery, UserSummary, UserUpdateBody } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from './routes.ts';
import { createUser, listUsers, unlockUser, updateUser } from './users-admin.ts';

export function registerUserAdminRoutes(app: App, deps: Deps): void {
  const tags = ['users'];
  app.get('/api/users', {
    schema: { tags, summary: 'Users of my facility (or of the network)', querystring: UserListQuery, response: { 200: UserList } },
    config: { access: 'user.read' },
  }, async (request) => listUsers(deps, principalOf(request), request.query));

  app.post('/api/users', {
    schema: { tags, summary: 'Create a user with roles in facilities', body: UserCreateBody, response: { 201: UserSummary } },
    config: { access: 'user.manage' },
  }, async (request, reply) => reply.status(201).send(await createUser(deps, principalOf(request), request.body, requestMeta(request))));

  app.patch('/api/users/:id', {
    schema: { tags, summary: 'Change a user: name, roles, active', params: IdParams, body: UserUpdateBody, response: { 200: UserSummary } },
    config: { access: 'user.manage' },
  }, async (request) => updateUser(deps, principalOf(request), request.params.id, request.body, requestMeta(request)));

  app.post('/api/users/:id/unlock', {
    schema: { tags, summary: 'Lift a sign-in lockout', params: IdParams, response: { 200: UserSummary } },
    config: { access: 'user.manage' },
  }, async (request) => unlockUser(deps, principalOf(request), request.params.id, requestMeta(request)));
}
