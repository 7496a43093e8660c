import { CareMessage, CareMessageInput, CareThread, CareThreadList, CareThreadOpen, CareThreadOpened, IdParams } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { getThread, listThreads, openThreadFor, sendCareMessage } from './service.ts';

/** Patients write for themselves; staff who read patients answer for their facility's care team (the policy decides each conversation). */
const PARTIES = ['patient.self', 'patient.read'] as const;

/** Messages between a patient and the care team of a facility where they have an appointment or a visit. */
export function registerMessageRoutes(app: App, deps: Deps): void {
  const tags = ['messages'];
  app.get('/api/message-threads', {
    schema: { tags, summary: 'My conversations: a patient’s with each facility that sees them; staff’s with the patients of their facility, with unread counts',
      response: { 200: CareThreadList } },
    config: { access: PARTIES },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return listThreads(deps, principalOf(request), requestMeta(request));
  });

  app.post('/api/message-threads', {
    schema: { tags, summary: 'Find or start a conversation: of a visit (from the call), with a facility (a patient), with a patient (staff)',
      body: CareThreadOpen, response: { 200: CareThreadOpened } },
    config: { access: PARTIES },
  }, async (request) => openThreadFor(deps, principalOf(request), request.body, requestMeta(request)));

  app.get('/api/message-threads/:id', {
    schema: { tags, summary: 'A conversation with its latest messages (opening it marks them read)', params: IdParams, response: { 200: CareThread } },
    config: { access: PARTIES },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return getThread(deps, principalOf(request), request.params.id, requestMeta(request));
  });

  app.post('/api/message-threads/:id/messages', {
    schema: { tags, summary: 'Write to the conversation (text only); the other side hears of it at once or through a notice without its text',
      params: IdParams, body: CareMessageInput, response: { 201: CareMessage } },
    config: { access: PARTIES },
  }, async (request, reply) => reply.status(201)
    .send(await sendCareMessage(deps, principalOf(request), request.params.id, request.body, requestMeta(request))));
}
