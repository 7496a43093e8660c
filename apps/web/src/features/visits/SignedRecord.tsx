import { useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import type { VisitRecord } from '../../ui/contract-types.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextAreaField } from '../../ui/Field.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { addAddendum } from './record-api.ts';
import { PrescriptionList } from './VisitSummaryView.tsx';

const TEXT_FIELDS = ['complaint', 'history', 'examination', 'assessment', 'plan', 'followUp', 'patientSummary'] as const;

/** A signed record as its clinicians read it; it no longer changes, and corrections are added below it. */
export function SignedRecord(props: { visitId: string; record: VisitRecord; onChange(r: VisitRecord): void }) {
  const { t, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const r = props.record;
  const [draft, setDraft] = useState('');
  const submission = useSubmission();
  return (
    <div data-testid="signed-record">
      <p className="tag tag--ok">{t('visitRecord.signedBy', { name: r.authorName, when: formatDateTime(r.signedAt!) })}</p>
      <dl className="record-facts">
        {TEXT_FIELDS.filter((k) => r[k]).map((k) => (
          <div key={k}><dt>{t(`visitRecord.field.${k}`)}</dt><dd className="prewrap" lang={k === 'patientSummary' ? r.summaryLanguage : undefined}>{r[k]}</dd></div>
        ))}
        {r.diagnoses.length > 0 ? <div><dt>{t('visitRecord.field.diagnoses')}</dt><dd>{r.diagnoses.join(', ')}</dd></div> : null}
      </dl>
      <PrescriptionList items={r.prescriptions} />
      {r.addenda.length > 0 ? (
        <>
          <h3>{t('visitRecord.addenda')}</h3>
          <ul className="plain">
            {r.addenda.map((a) => <li key={a.id}><span className="small muted">{a.authorName} · {formatDateTime(a.signedAt)}</span>
              <p className="prewrap">{a.body}</p></li>)}
          </ul>
        </>
      ) : null}
      <form ref={submission.formRef} className="form" onSubmit={async (e) => {
        e.preventDefault();
        const done = await submission.run(() => addAddendum(api, props.visitId, draft.trim()));
        if (done) {
          setDraft('');
          props.onChange(done);
        }
      }}>
        <TextAreaField name="addendum" label={t('visitRecord.addendum')} rows={2} value={draft} maxLength={4000} onChange={(e) => setDraft(e.target.value)} />
        <ErrorAlert error={submission.error} />
        <button type="submit" className="button button--small" disabled={submission.pending || !draft.trim()}>{t('visitRecord.addAddendum')}</button>
      </form>
    </div>
  );
}
