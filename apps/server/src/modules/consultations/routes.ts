import { Consultation, ConsultationCreate, ConsultationQueue, ConsultationQueueQuery, ConsultationTransition, IdParams } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { createConsultation, getConsultation, listConsultations, transitionConsultation } from './service.ts';

const EITHER_SIDE = ['consultation.request', 'consultation.handle'] as const;

export function registerConsultationRoutes(app: App, deps: Deps): void {
  const tags = ['consultations'];
  app.post('/api/consultations', {
    schema: { tags, summary: 'Ask another facility for a specialist’s opinion about a patient', body: ConsultationCreate, response: { 201: Consultation } },
    config: { access: 'consultation.request' },
  }, async (request, reply) => reply.status(201).send(await createConsultation(deps, principalOf(request), request.body, requestMeta(request))));

  app.get('/api/consultations', {
    schema: { tags, summary: 'The hub’s queue (incoming) or my facility’s requests (outgoing)', querystring: ConsultationQueueQuery,
      response: { 200: ConsultationQueue } },
    config: { access: EITHER_SIDE },
  }, async (request) => listConsultations(deps, principalOf(request), request.query, requestMeta(request)));

  app.get('/api/consultations/:id', {
    schema: { tags, summary: 'A request with its history', params: IdParams, response: { 200: Consultation } },
    config: { access: EITHER_SIDE },
  }, async (request) => getConsultation(deps, principalOf(request), request.params.id, requestMeta(request)));

  app.post('/api/consultations/:id/transitions', {
    schema: { tags, summary: 'Submit, accept, decline, forward, schedule, start or cancel (with the version seen)', params: IdParams,
      body: ConsultationTransition, response: { 200: Consultation } },
    config: { access: EITHER_SIDE },
  }, async (request) => transitionConsultation(deps, principalOf(request), request.params.id, request.body, requestMeta(request)));
}
