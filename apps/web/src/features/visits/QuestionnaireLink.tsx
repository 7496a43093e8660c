import { Link } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { getQuestionnaire } from './questionnaire-api.ts';

/** Before the call, the patient (signed in or by personal link) is offered the questionnaire, or told it has been sent. */
export function QuestionnaireLink(props: { visitId: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const answer = useResource((signal) => getQuestionnaire(api, props.visitId, signal), [props.visitId]);
  const q = answer.data?.questionnaire;
  if (!answer.data || answer.data.role !== 'patient') return null;
  return (
    <p className="alert alert--info" data-testid="questionnaire-link">
      {q?.status === 'submitted' ? `${t('questionnaire.openSent')} ` : `${t('questionnaire.invite')} `}
      <Link to={`/visits/${props.visitId}/questionnaire`}>{t(q?.status === 'submitted' ? 'questionnaire.openSentLink' : 'questionnaire.open')}</Link>
    </p>
  );
}
