import {
  BreakGlassBody, BreakGlassGrant, Consent, ConsentInput, ConsentList, IdParams, Patient, PatientInput, PatientSearchQuery,
  PatientSearchResult,
} from '@telemed/contracts';
import type { FastifyRequest } from 'fastify';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { type App, validationFieldErrors } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { breakGlass, listConsents, recordConsent } from './consents.ts';
import { NATIONAL_ID_TYPES } from '@telemed/contracts/codes';
import { validateNationalId } from './national-id.ts';
import { createPatient, getPatient, searchPatients, updatePatient } from './service.ts';

/**
 * A patient form that fails its schema is answered with every problem at once: a mistyped national
 * identifier (wrong length or check digit) is named in the same answer as the empty fields, rather
 * than in a second round after they are filled in.
 */
function refuseInvalidPatient(request: FastifyRequest): void {
  const failed = request.validationError as (Error & Parameters<typeof validationFieldErrors>[0]) | undefined;
  if (!failed) return;
  const errors = validationFieldErrors(failed);
  const body = request.body as Record<string, unknown> | null;
  const type = NATIONAL_ID_TYPES.find((x) => x === body?.nationalIdType);
  if (failed.validationContext === 'body' && type && typeof body?.nationalId === 'string' && body.nationalId.trim()
    && !errors.some((e) => e.path === 'body.nationalId')) {
    const result = validateNationalId(type, body.nationalId);
    if (!result.ok) {
      const code = result.reason === 'checksum' ? 'national_id_checksum' : result.reason === 'date' ? 'national_id_date' : 'national_id_format';
      errors.push({ path: 'body.nationalId', code, message: '' });
    }
  }
  throw new AppError('validation', 400, { errors });
}

const PURPOSES = new Set(['treatment', 'consultation', 'emergency', 'administration', 'quality']);

/** The purpose of use travels with each request (X-Purpose-Of-Use) into the audit trail. */
function patientMeta(request: FastifyRequest): RequestMeta {
  const purpose = request.headers['x-purpose-of-use'];
  return { ...requestMeta(request), purpose: typeof purpose === 'string' && PURPOSES.has(purpose) ? purpose : 'treatment' };
}

export function registerPatientRoutes(app: App, deps: Deps): void {
  const tags = ['patients'];
  app.get('/api/patients', {
    schema: { tags, summary: 'Search patients in my care by name (any spelling) or national identifier',
      querystring: PatientSearchQuery, response: { 200: PatientSearchResult } },
    config: { access: 'patient.search' },
  }, async (request) => searchPatients(deps, principalOf(request), request.query.q, request.query.limit, patientMeta(request)));

  app.post('/api/patients', {
    schema: { tags, summary: 'Register a patient (refuses likely duplicates unless confirmed)', body: PatientInput, response: { 201: Patient } },
    config: { access: 'patient.write' },
    attachValidation: true,
  }, async (request, reply) => {
    refuseInvalidPatient(request);
    return reply.status(201).send(await createPatient(deps, principalOf(request), request.body, patientMeta(request)));
  });

  app.get('/api/patients/:id', {
    schema: { tags, summary: 'A patient record', params: IdParams, response: { 200: Patient } },
    config: { access: 'authenticated' },
  }, async (request) => getPatient(deps, principalOf(request), request.params.id, patientMeta(request)));

  app.put('/api/patients/:id', {
    schema: { tags, summary: 'Change a patient record', params: IdParams, body: PatientInput, response: { 200: Patient } },
    config: { access: 'patient.write' },
    attachValidation: true,
  }, async (request) => {
    refuseInvalidPatient(request);
    return updatePatient(deps, principalOf(request), request.params.id, request.body, patientMeta(request));
  });

  app.get('/api/patients/:id/consents', {
    schema: { tags, summary: 'Consent history', params: IdParams, response: { 200: ConsentList } },
    config: { access: 'authenticated' },
  }, async (request) => listConsents(deps, principalOf(request), request.params.id, patientMeta(request)));

  app.post('/api/patients/:id/consents', {
    schema: { tags, summary: 'Record a consent or its withdrawal', params: IdParams, body: ConsentInput, response: { 201: Consent } },
    config: { access: 'consent.write' },
  }, async (request, reply) =>
    reply.status(201).send(await recordConsent(deps, principalOf(request), request.params.id, request.body, patientMeta(request))));

  app.post('/api/patients/:id/break-glass', {
    schema: { tags, summary: 'Emergency access to a patient outside my care (reason required, time-limited, reviewed)',
      params: IdParams, body: BreakGlassBody, response: { 201: BreakGlassGrant } },
    config: { access: 'breakglass.use' },
  }, async (request, reply) =>
    reply.status(201).send(await breakGlass(deps, principalOf(request), request.params.id, request.body.reason, requestMeta(request))));
}
