import { IdParams, Questionnaire, QuestionnaireAnswer, QuestionnaireInput } from '@telemed/contracts';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { VISIT_PASS_COOKIE, type App } from '../../platform/http.ts';
import { requestMeta } from '../identity/routes.ts';
import type { Caller } from './access.ts';
import { getQuestionnaire, saveQuestionnaire } from './questionnaire.ts';

function callerOf(request: FastifyRequest): Caller {
  const pass = request.cookies[VISIT_PASS_COOKIE];
  return { principal: request.principal, pass: request.principal ? null : typeof pass === 'string' && pass.length <= 100 ? pass : null };
}

/** The pre-visit questionnaire: the patient (signed in, or a guest patient by their pass) fills it in; the visit's clinicians read it. */
export function registerQuestionnaireRoutes(app: App, deps: Deps): void {
  const tags = ['visits'];
  app.get('/api/visits/:id/questionnaire', {
    schema: { tags, summary: 'The pre-visit questionnaire: the patient’s own (draft or submitted); to the visit’s clinicians once submitted',
      params: IdParams, response: { 200: QuestionnaireAnswer } },
    config: { access: 'visit_pass' },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return getQuestionnaire(deps, callerOf(request), request.params.id, requestMeta(request));
  });

  app.put('/api/visits/:id/questionnaire', {
    schema: { tags, summary: 'Save the questionnaire as a draft while the patient types (the visit’s patient only, until submitted)', params: IdParams,
      body: QuestionnaireInput, response: { 200: Questionnaire } },
    config: { access: 'visit_pass', guestWrites: true },
  }, async (request) => saveQuestionnaire(deps, callerOf(request), request.params.id, request.body, false, requestMeta(request)));

  app.post('/api/visits/:id/questionnaire/submit', {
    schema: { tags, summary: 'Hand the questionnaire in (the complaint is required); the clinicians see it from then on', params: IdParams,
      body: QuestionnaireInput, response: { 200: Questionnaire } },
    config: { access: 'visit_pass', guestWrites: true },
  }, async (request) => saveQuestionnaire(deps, callerOf(request), request.params.id, request.body, true, requestMeta(request)));
}
