import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { myRecordPatientId, useActiveSession } from '../../app/session.tsx';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';

interface Card {
  key: string;
  title: string;
  text: string;
  links: { to: string; label: string }[];
  tone?: 'attention';
}

/** The dashboard: one card per thing this role can do here. */
export default function HomePage() {
  const { t } = useI18n();
  const { session, can } = useActiveSession();
  const membership = session.memberships.find((m) => m.facilityId === session.activeFacilityId && m.role === session.activeRole);
  const myRecord = myRecordPatientId(session);

  const cards: Card[] = [];
  if (myRecord) {
    cards.push({ key: 'record', title: t('home.myRecord.title'), text: t('home.myRecord.text'),
      links: [{ to: `/patients/${myRecord}`, label: t('home.myRecord.open') }] });
  }
  if (myRecord && can('visit.join')) {
    // A patient's own care: appointments, video visits and what the doctor wrote after them.
    cards.push({ key: 'care', title: t('home.care.title'), text: t('home.care.text'),
      links: [{ to: '/appointments', label: t('home.care.appointments') }, { to: '/appointments/book', label: t('home.care.book') },
        { to: '/visits', label: t('home.care.visits') }] });
  }
  if (can('consultation.request') || can('consultation.handle')) {
    const links = [{ to: '/consultations', label: t('home.consultations.open') }];
    if (can('consultation.request')) links.push({ to: '/consultations/new', label: t('home.consultations.new') });
    cards.push({ key: 'consultations', title: t('home.consultations.title'),
      text: can('consultation.handle') ? t('home.consultations.textHandle') : t('home.consultations.textRequest'), links });
  }
  if (!myRecord && can('visit.join')) {
    cards.push({ key: 'visits', title: t('home.visits.title'), text: t('home.visits.text'),
      links: [{ to: '/visits', label: t('home.visits.open') }] });
  }
  if (!myRecord && (can('appointment.manage') || can('availability.manage'))) {
    const links = can('appointment.manage') ? [{ to: '/appointments', label: t('home.appointments.open') }] : [];
    if (can('availability.manage')) links.push({ to: '/availability', label: t('home.availability.open') });
    cards.push({ key: 'appointments', title: t('home.appointments.title'), text: t('home.appointments.text'), links });
  }
  if (can('stats.read')) {
    cards.push({ key: 'reports', title: t('home.reports.title'), text: t('home.reports.text'),
      links: [{ to: '/reports', label: t('home.reports.open') }] });
  }
  if (myRecord && can('patient.self')) {
    cards.push({ key: 'messages', title: t('home.messages.title'), text: t('home.messages.text'),
      links: [{ to: '/messages', label: t('home.messages.open') }] });
  } else if (can('patient.read')) {
    cards.push({ key: 'messages', title: t('home.patientMessages.title'), text: t('home.patientMessages.text'),
      links: [{ to: '/messages', label: t('home.patientMessages.open') }] });
  }
  if (can('patient.search')) {
    const links = [{ to: '/patients', label: t('home.patients.search') }];
    if (can('patient.write')) links.push({ to: '/patients/new', label: t('home.patients.new') });
    cards.push({ key: 'patients', title: t('home.patients.title'), text: t('home.patients.text'), links });
  }
  if (can('facility.read')) {
    const links = [{ to: '/facilities', label: t('home.facilities.open') }];
    if (can('facility.manage') && session.activeRole === 'network_admin') links.push({ to: '/facilities/new', label: t('home.facilities.new') });
    cards.push({ key: 'facilities', title: t('home.facilities.title'),
      text: can('facility.manage') ? t('home.facilities.textManage') : t('home.facilities.text'), links });
  }
  if (can('user.read')) {
    const links = [{ to: '/users', label: t('home.users.open') }];
    if (can('user.manage')) links.push({ to: '/users/new', label: t('home.users.new') });
    cards.push({ key: 'users', title: t('home.users.title'), text: t('home.users.text'), links });
  }
  if (can('audit.read')) {
    const links = [{ to: '/audit', label: t('home.audit.open') }];
    if (can('breakglass.review')) links.push({ to: '/audit?flagged=true', label: t('home.audit.flagged') });
    cards.push({ key: 'audit', title: t('home.audit.title'), text: t('home.audit.text'), links });
  }
  if (!session.user.totpEnabled) {
    cards.push({ key: 'totp', title: t('home.totp.title'), text: myRecord ? t('home.totp.textPatient') : t('home.totp.text'), tone: 'attention',
      links: [{ to: '/account#two-factor', label: t('home.totp.open') }] });
  }
  cards.push({ key: 'account', title: t('home.account.title'), text: t(can('token.manage') ? 'home.account.text' : 'home.account.textNoTokens'),
    links: [{ to: '/account', label: t('home.account.open') }] });

  let context: ReactNode = null;
  if (membership) {
    context = t('home.context', { facility: membership.facilityName, role: t(`role.${membership.role}`) });
  } else if (!myRecord) {
    context = t('home.noMembership');
  }

  return (
    <Page title={t('home.greeting', { name: session.user.displayName })}>
      {context ? <p className="lead">{context}</p> : null}
      <ul className="cards">
        {cards.map((c) => (
          <li key={c.key} className={c.tone ? `card card--${c.tone}` : 'card'}>
            <h2>{c.title}</h2>
            <p>{c.text}</p>
            <ul className="card__links">
              {c.links.map((l) => (
                <li key={l.to}>
                  <Link to={l.to}>{l.label}</Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Page>
  );
}
