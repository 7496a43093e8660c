import { Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Loading } from '../ui/Feedback.tsx';
import { useI18n } from '../ui/i18n.tsx';
import { LanguageSelect } from '../ui/LanguageSelect.tsx';
import { OfflineBanner } from '../ui/OfflineBanner.tsx';
import { FacilitySwitcher } from './FacilitySwitcher.tsx';
import { myRecordPatientId, useSession } from './session.tsx';

export function Layout() {
  const { t } = useI18n();
  const { session, can, changeLanguage, signOut } = useSession();
  const navigate = useNavigate();
  const [status, setStatus] = useState('');
  // On a phone the tools and the menu fold behind one button; the page comes first. Any move closes it.
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  // Escape closes the open menu and gives the focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      document.querySelector<HTMLButtonElement>('[data-testid="menu-toggle"]')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);
  const isActive = session?.state === 'active';
  const myRecord = isActive && session ? myRecordPatientId(session) : null;
  const activeMembership = session?.memberships.find((m) => m.facilityId === session.activeFacilityId && m.role === session.activeRole);

  const links = isActive
    ? [
        { to: '/', label: t('nav.home'), end: true, show: true },
        { to: '/consultations', label: t('nav.consultations'), show: can('consultation.request') || can('consultation.handle') },
        { to: '/visits', label: t('nav.visits'), show: can('visit.join') },
        { to: '/appointments', label: t('nav.appointments'), show: can('appointment.manage') },
        { to: '/messages', label: t('nav.messages'), show: can('patient.self') || can('patient.read') },
        { to: '/availability', label: t('nav.availability'), show: can('availability.manage') },
        { to: '/patients', label: t('nav.patients'), show: can('patient.search') },
        { to: `/patients/${myRecord}`, label: t('nav.myRecord'), show: Boolean(myRecord) },
        { to: '/facilities', label: t('nav.facilities'), show: can('facility.read') },
        { to: '/users', label: t('nav.users'), show: can('user.read') },
        { to: '/reports', label: t('nav.reports'), show: can('stats.read') },
        { to: '/audit', label: t('nav.audit'), show: can('audit.read') },
      ].filter((l) => l.show)
    : [];

  return (
    <>
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className={`site-header${links.length > 0 ? ' site-header--has-menu' : ''}${menuOpen ? ' site-header--menu-open' : ''}`}>
        <div className="site-header__bar">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              +
            </span>
            <span>{t('app.name')}</span>
          </Link>
          {links.length > 0 ? (
            <button type="button" className="button button--header menu-toggle" aria-expanded={menuOpen} aria-controls="site-menu"
              data-testid="menu-toggle" onClick={() => setMenuOpen((o) => !o)}>
              <span aria-hidden="true" className="menu-toggle__icon">{menuOpen ? '×' : '≡'}</span> {t('nav.menu')}
            </button>
          ) : null}
          <div className="site-header__tools" id="site-menu">
            {isActive ? <FacilitySwitcher onStatus={setStatus} /> : null}
            <LanguageSelect onChange={changeLanguage} />
            {session ? (
              <div className="user-menu">
                <span className="user-menu__name">
                  {session.user.displayName}
                  {isActive && activeMembership && session.memberships.length < 2 ? (
                    <span className="user-menu__role">
                      {activeMembership.facilityName} · {t(`role.${activeMembership.role}`)}
                    </span>
                  ) : null}
                </span>
                {isActive ? (
                  <Link to="/account" className="user-menu__link">
                    {t('nav.account')}
                  </Link>
                ) : null}
                <button
                  type="button"
                  className="button button--header"
                  onClick={async () => {
                    await signOut().catch(() => undefined);
                    navigate('/sign-in', { replace: true });
                  }}
                >
                  {t('auth.signOut')}
                </button>
              </div>
            ) : null}
          </div>
        </div>
        {links.length > 0 ? (
          <nav className="site-nav" aria-label={t('nav.label')}>
            <ul>
              {links.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end={l.end}>
                    {l.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div role="status" className="visually-hidden">
          {status}
        </div>
      </header>
      <OfflineBanner />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
      </footer>
    </>
  );
}
