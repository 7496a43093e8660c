import { IdParams, Visit, VisitConsentInput, VisitConsentStatus, VisitPatientSummary, VisitRecord, VisitRecordAddendumInput, VisitRecordAnswer,
  VisitRecordInput } from '@telemed/contracts';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { VISIT_PASS_COOKIE, type App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import type { Caller } from './access.ts';
import { openVisitForAppointment } from './appointment-visit.ts';
import { visitSummaryPdf } from './record-pdf.ts';
import { addVisitRecordAddendum, getVisitRecord, getVisitSummary, saveVisitRecord, signVisitRecord } from './record.ts';
import { recordVisitConsent, visitConsentStatus } from './visit-consent.ts';

function callerOf(request: FastifyRequest): Caller {
  const pass = request.cookies[VISIT_PASS_COOKIE];
  return { principal: request.principal, pass: request.principal ? null : typeof pass === 'string' && pass.length <= 100 ? pass : null };
}

/** The visit of an appointment, the consent step before admission, and the visit's record and summary. */
export function registerVisitRecordRoutes(app: App, deps: Deps): void {
  const tags = ['visits'];
  app.post('/api/appointments/:id/visit', {
    schema: { tags, summary: 'The video visit of a booked appointment (its patient or clinician only): made on the first call, the same one after',
      params: IdParams, response: { 200: Visit } },
    config: { access: 'visit.join' },
  }, async (request) => openVisitForAppointment(deps, principalOf(request), request.params.id, requestMeta(request)));

  app.get('/api/visits/:id/consent', {
    schema: { tags, summary: 'Whether the patient’s telemedicine consent is on record (for the clinician who admits them)', params: IdParams,
      response: { 200: VisitConsentStatus } },
    config: { access: 'visit.manage' },
  }, async (request) => visitConsentStatus(deps, principalOf(request), request.params.id, requestMeta(request)));

  app.post('/api/visits/:id/consent', {
    schema: { tags, summary: 'Record the patient’s verbal telemedicine consent, confirmed by the clinician in the visit', params: IdParams,
      body: VisitConsentInput, response: { 201: VisitConsentStatus } },
    config: { access: 'visit.manage' },
  }, async (request, reply) => reply.status(201)
    .send(await recordVisitConsent(deps, principalOf(request), request.params.id, request.body.note, requestMeta(request))));

  app.get('/api/visits/:id/record', {
    schema: { tags, summary: 'The visit record: the clinician’s note, prescriptions, follow-up and patient summary (clinicians in the visit)',
      params: IdParams, response: { 200: VisitRecordAnswer } },
    config: { access: 'visit.manage' },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return getVisitRecord(deps, callerOf(request), request.params.id, requestMeta(request));
  });

  app.put('/api/visits/:id/record', {
    schema: { tags, summary: 'Save the draft record (its author only; the first to write it is the author)', params: IdParams, body: VisitRecordInput,
      response: { 200: VisitRecord } },
    config: { access: 'visit.manage' },
  }, async (request) => saveVisitRecord(deps, callerOf(request), request.params.id, request.body, requestMeta(request)));

  app.post('/api/visits/:id/record/sign', {
    schema: { tags, summary: 'Sign the record (once, by its author; immutable afterwards); the patient is told their summary is ready', params: IdParams,
      response: { 200: VisitRecord } },
    config: { access: 'visit.manage' },
  }, async (request) => signVisitRecord(deps, callerOf(request), request.params.id, requestMeta(request)));

  app.post('/api/visits/:id/record/addenda', {
    schema: { tags, summary: 'Add a correction to a signed record', params: IdParams, body: VisitRecordAddendumInput, response: { 200: VisitRecord } },
    config: { access: 'visit.manage' },
  }, async (request) => addVisitRecordAddendum(deps, callerOf(request), request.params.id, request.body.body, requestMeta(request)));

  app.get('/api/visits/:id/record/summary', {
    schema: { tags, summary: 'The signed summary, prescriptions and follow-up, for the patient (not the clinician’s note)', params: IdParams,
      response: { 200: VisitPatientSummary } },
    config: { access: 'visit_pass' },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return getVisitSummary(deps, callerOf(request), request.params.id, requestMeta(request));
  });

  app.get('/api/visits/:id/record/summary.pdf', {
    schema: { tags, summary: 'The patient’s summary as a PDF, in the patient’s language', params: IdParams },
    config: { access: 'visit_pass' },
  }, async (request, reply) => {
    const pdf = await visitSummaryPdf(deps, callerOf(request), request.params.id, requestMeta(request));
    return reply.type('application/pdf').header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="visit-summary-${request.params.id}.pdf"`).send(pdf);
  });
}
