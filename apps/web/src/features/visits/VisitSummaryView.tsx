import { Link } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ApiError } from '../../ui/api.ts';
import type { Prescription } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { getSummary, summaryPdfUrl } from './record-api.ts';

export function PrescriptionList(props: { items: Prescription[] }) {
  const { t } = useI18n();
  if (props.items.length === 0) return null;
  return (
    <>
      <h3>{t('visitRecord.prescriptions')}</h3>
      <ul className="plain prescription-list" data-testid="prescription-list">
        {props.items.map((p, i) => (
          <li key={i}>
            <strong>{p.medicine}</strong>{[p.dose, p.route, p.frequency, p.duration].filter(Boolean).map((x) => ` · ${x}`).join('')}
            {p.instructions ? <p className="prewrap small">{p.instructions}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** What the patient reads after the visit: the doctor's summary in the patient's language, the prescriptions, the follow-up. */
export function VisitSummaryView(props: { visitId: string }) {
  const { t, formatDateTime } = useI18n();
  const { api, session } = useSession();
  const summary = useResource((signal) => getSummary(api, props.visitId, signal), [props.visitId]);
  if (summary.loading && !summary.data) return <Loading />;
  if (summary.error instanceof ApiError && summary.error.status === 404) {
    return <p className="muted" data-testid="summary-pending">{t('visitRecord.summaryPending')}</p>;
  }
  if (summary.error || !summary.data) return <ErrorAlert error={summary.error} />;
  const s = summary.data;
  return (
    <section className="card" aria-labelledby="summary-title" data-testid="visit-summary">
      <h2 id="summary-title">{t('visitRecord.summaryTitle')}</h2>
      <p className="muted small">{t('visitRecord.signedBy', { name: s.clinicianName, when: formatDateTime(s.signedAt) })}</p>
      <p className="prewrap" lang={s.language} data-testid="summary-text">{s.summary}</p>
      <PrescriptionList items={s.prescriptions} />
      {s.followUp || s.followUpClinicianId ? (
        <>
          <h3>{t('visitRecord.field.followUp')}</h3>
          {s.followUp ? <p className="prewrap" lang={s.language}>{s.followUp}</p> : null}
          {s.followUpClinicianId && session ? <p><Link className="button button--small" to="/appointments/book">{t('visitRecord.bookFollowUp')}</Link></p> : null}
        </>
      ) : null}
      <p><a className="button button--small" href={summaryPdfUrl(s.visitId)} download data-testid="summary-pdf">{t('visitRecord.downloadPdf')}</a></p>
    </section>
  );
}
