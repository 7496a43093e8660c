import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import type { ConsultationCase, Visit } from '../../ui/contract-types.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';

const LIVE = ['accepted', 'scheduled', 'in_progress'];

/** The case's video session (its synchronous mode): started by either side, joined by the other. */
export function CaseVideo(props: { c: ConsultationCase }) {
  const { t } = useI18n();
  const { api, can } = useActiveSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  const [broadcast, setBroadcast] = useState(false);
  if (!LIVE.includes(props.c.status) || !can('visit.join')) return null;
  return (
    <div className="case-actions">
      <ErrorAlert error={submission.error} />
      <button type="button" className={`button ${props.c.mode === 'async' ? '' : 'button--primary'}`} disabled={submission.pending}
        onClick={async () => {
          const visit = await submission.run(() => api.post<Visit>(`/api/consultations/${props.c.id}/video`, broadcast ? { broadcast: true } : {}));
          if (visit) navigate(`/visits/${visit.id}`);
        }}>
        {t('case.videoSession')}
      </button>
      <label className="field--check small">
        <input type="checkbox" checked={broadcast} onChange={(e) => setBroadcast(e.target.checked)} /> {t('visit.broadcast.option')}
      </label>
    </div>
  );
}
