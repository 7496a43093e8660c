import { useActiveSession } from '../../app/session.tsx';
import type { Appointment } from '../../ui/contract-types.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { openAppointmentVisit } from './record-api.ts';
import { VISIT_FILE_TYPES } from './visit-files-api.ts';
import { VisitFiles } from './VisitFiles.tsx';

/**
 * The patient's documents and photos for an upcoming visit, sent from the portal before it: they
 * go into the appointment's video visit (made on the first file), where the clinician finds them.
 */
export function AppointmentFiles(props: { appointment: Appointment }) {
  const { t } = useI18n();
  const { api } = useActiveSession();
  const a = props.appointment;
  return (
    <VisitFiles visitId={a.visitId} canShare accept={VISIT_FILE_TYPES} heading="h3" className="appointment__files" title={t('visitFiles.portalTitle')}
      hint={t('visitFiles.portalHint')} ensureVisitId={async () => (await openAppointmentVisit(api, a.id)).id} />
  );
}
