import type { ApiClient } from '../../ui/api.ts';
import type { Questionnaire, QuestionnaireAnswer, QuestionnaireInput } from '../../ui/contract-types.ts';

export const getQuestionnaire = (api: ApiClient, visitId: string, signal?: AbortSignal) =>
  api.get<QuestionnaireAnswer>(`/api/visits/${visitId}/questionnaire`, { signal, purpose: 'treatment' });
export const saveQuestionnaire = (api: ApiClient, visitId: string, body: QuestionnaireInput) =>
  api.put<Questionnaire>(`/api/visits/${visitId}/questionnaire`, body);
export const submitQuestionnaire = (api: ApiClient, visitId: string, body: QuestionnaireInput) =>
  api.post<Questionnaire>(`/api/visits/${visitId}/questionnaire/submit`, body);

/** The device's copy of what the patient typed, kept until it is handed in (ui/drafts.ts). */
export const questionnaireDraftKey = (visitId: string) => `questionnaire.${visitId}`;
