import {
  AddendumInput, AssignmentInput, CaseVideoStart, ConclusionInput, ConsultantOptions, ConsultationCase, ConsultationCreate, ConsultationQueue, ConsultationQueueQuery,
  ConsultationTransition, IdParams, MessageInput, ObservationsInput, ParticipantInput, RouteAnswer, RouteQuery, Visit,
} from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { forbidden } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { addAddendum, addObservations, addParticipant, conclude, consultantOptions, postMessage } from './case.ts';
import { conclusionPdf } from './conclusion-pdf.ts';
import { startCaseVideo } from './case-video.ts';
import { routeRequest } from './routing.ts';
import { listConsultations } from './queue.ts';
import { createConsultation, getConsultation, transitionConsultation } from './service.ts';

const EITHER_SIDE = ['consultation.request', 'consultation.handle'] as const;

export function registerConsultationRoutes(app: App, deps: Deps): void {
  const tags = ['consultations'];
  app.post('/api/consultations', {
    schema: { tags, summary: 'Ask another facility for a specialist’s opinion about a patient (routed up the hierarchy when no target is named)',
      body: ConsultationCreate, response: { 201: ConsultationCase } },
    config: { access: 'consultation.request' },
  }, async (request, reply) => reply.status(201).send(await createConsultation(deps, principalOf(request), request.body, requestMeta(request))));

  app.get('/api/consultations/route', {
    schema: { tags, summary: 'Where a request for this profile would be routed from my facility', querystring: RouteQuery, response: { 200: RouteAnswer } },
    config: { access: 'consultation.request' },
  }, async (request) => {
    const principal = principalOf(request);
    if (!principal.facilityId) throw forbidden();
    return { facilityId: await routeRequest(deps.db, principal.facilityId, request.query.profile) };
  });

  app.get('/api/consultations', {
    schema: { tags, summary: 'The hub’s queue (incoming), my facility’s requests (outgoing) or the cases I take part in (mine), a page at a time',
      querystring: ConsultationQueueQuery, response: { 200: ConsultationQueue } },
    config: { access: EITHER_SIDE },
  }, async (request) => listConsultations(deps, principalOf(request), request.query, requestMeta(request)));

  app.get('/api/consultations/:id', {
    schema: { tags, summary: 'The whole case: request, history, conclusion, messages, lab values, participants', params: IdParams,
      response: { 200: ConsultationCase } },
    config: { access: EITHER_SIDE },
  }, async (request) => getConsultation(deps, principalOf(request), request.params.id, requestMeta(request)));

  app.get('/api/consultations/:id/conclusion.pdf', {
    schema: { tags, summary: 'The signed conclusion as a PDF in the patient’s language (facilities, consultant, signature time, content hash)', params: IdParams },
    config: { access: EITHER_SIDE },
  }, async (request, reply) => reply.type('application/pdf').header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="conclusion-${request.params.id}.pdf"`)
    .send(await conclusionPdf(deps, principalOf(request), request.params.id, requestMeta(request))));

  app.post('/api/consultations/:id/video', {
    schema: { tags, summary: 'Start or join the case’s video session (the referring doctor and the hub’s consultants, admitted as themselves)',
      params: IdParams, body: CaseVideoStart, response: { 200: Visit } },
    config: { access: EITHER_SIDE },
  }, async (request) => startCaseVideo(deps, principalOf(request), request.params.id, requestMeta(request), request.body ?? {}));

  app.post('/api/consultations/:id/transitions', {
    schema: { tags, summary: 'Submit, accept, decline, forward, schedule, start, cancel or acknowledge (with the version seen)', params: IdParams,
      body: ConsultationTransition, response: { 200: ConsultationCase } },
    config: { access: EITHER_SIDE },
  }, async (request) => transitionConsultation(deps, principalOf(request), request.params.id, request.body, requestMeta(request)));

  app.post('/api/consultations/:id/conclusion', {
    schema: { tags, summary: 'Sign the conclusion (once; later corrections are addenda)', params: IdParams, body: ConclusionInput,
      response: { 200: ConsultationCase } },
    config: { access: 'consultation.conclude' },
  }, async (request) => conclude(deps, principalOf(request), request.params.id, request.body, requestMeta(request)));

  app.post('/api/consultations/:id/addenda', {
    schema: { tags, summary: 'Add a signed addendum to the conclusion', params: IdParams, body: AddendumInput, response: { 200: ConsultationCase } },
    config: { access: 'consultation.conclude' },
  }, async (request) => addAddendum(deps, principalOf(request), request.params.id, request.body.body, requestMeta(request)));

  app.post('/api/consultations/:id/messages', {
    schema: { tags, summary: 'Write in the case (a reply names its parent; the hub may ask for more information)', params: IdParams,
      body: MessageInput, response: { 200: ConsultationCase } },
    config: { access: EITHER_SIDE },
  }, async (request) => postMessage(deps, principalOf(request), request.params.id, request.body, requestMeta(request)));

  app.post('/api/consultations/:id/observations', {
    schema: { tags, summary: 'Add lab values and vital signs (LOINC, UCUM)', params: IdParams, body: ObservationsInput, response: { 200: ConsultationCase } },
    config: { access: EITHER_SIDE },
  }, async (request) => addObservations(deps, principalOf(request), request.params.id, request.body.observations, requestMeta(request)));

  app.post('/api/consultations/:id/assignment', {
    schema: { tags, summary: 'Assign the case to a consultant (with the version seen)', params: IdParams, body: AssignmentInput,
      response: { 200: ConsultationCase } },
    config: { access: 'consultation.handle' },
  }, async (request) => addParticipant(deps, principalOf(request), request.params.id, { ...request.body, assign: true }, requestMeta(request)));

  app.post('/api/consultations/:id/participants', {
    schema: { tags, summary: 'Add a consultant to the case (case conference)', params: IdParams, body: ParticipantInput, response: { 200: ConsultationCase } },
    config: { access: 'consultation.handle' },
  }, async (request) => addParticipant(deps, principalOf(request), request.params.id, { ...request.body, assign: false }, requestMeta(request)));

  app.get('/api/consultations/:id/consultants', {
    schema: { tags, summary: 'Consultants who can be assigned to or join the case', params: IdParams, response: { 200: ConsultantOptions } },
    config: { access: 'consultation.handle' },
  }, async (request) => consultantOptions(deps, principalOf(request), request.params.id, requestMeta(request)));
}
