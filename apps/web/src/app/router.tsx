import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { RequirePermission, RequireSession } from './guards.tsx';
import { Layout } from './Layout.tsx';

// Every page is its own chunk: the first visit downloads only the shell and the page it opens.
const SignInPage = lazy(() => import('../features/auth/SignInPage.tsx'));
const ResetPasswordPage = lazy(() => import('../features/auth/ResetPasswordPage.tsx'));
const SignUpPage = lazy(() => import('../features/signup/SignUpPage.tsx'));
const SignUpVerifyPage = lazy(() => import('../features/signup/VerifyPage.tsx'));
const HomePage = lazy(() => import('../features/home/HomePage.tsx'));
const PatientSearchPage = lazy(() => import('../features/patients/PatientSearchPage.tsx'));
const NewPatientPage = lazy(() => import('../features/patients/NewPatientPage.tsx'));
const PatientPage = lazy(() => import('../features/patients/PatientPage.tsx'));
const FacilitiesPage = lazy(() => import('../features/facilities/FacilitiesPage.tsx'));
const FacilityEditPage = lazy(() => import('../features/facilities/FacilityEditPage.tsx'));
const UsersPage = lazy(() => import('../features/users/UsersPage.tsx'));
const UserEditPage = lazy(() => import('../features/users/UserEditPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/AuditPage.tsx'));
const ConsultationsPage = lazy(() => import('../features/consultations/ConsultationsPage.tsx'));
const NewConsultationPage = lazy(() => import('../features/consultations/NewConsultationPage.tsx'));
const CasePage = lazy(() => import('../features/consultations/CasePage.tsx'));
const ReportsPage = lazy(() => import('../features/reports/ReportsPage.tsx'));
const VisitsPage = lazy(() => import('../features/visits/VisitsPage.tsx'));
const VisitPage = lazy(() => import('../features/visits/VisitPage.tsx'));
const JoinPage = lazy(() => import('../features/visits/JoinPage.tsx'));
const QuestionnairePage = lazy(() => import('../features/visits/QuestionnairePage.tsx'));
const MessagesPage = lazy(() => import('../features/messages/MessagesPage.tsx'));
const ThreadPage = lazy(() => import('../features/messages/ThreadPage.tsx'));
const AppointmentsPage = lazy(() => import('../features/scheduling/AppointmentsPage.tsx'));
const BookingPage = lazy(() => import('../features/scheduling/BookingPage.tsx'));
const AvailabilityPage = lazy(() => import('../features/scheduling/AvailabilityPage.tsx'));
const AccountPage = lazy(() => import('../features/account/AccountPage.tsx'));
const NotFoundPage = lazy(() => import('./NotFoundPage.tsx'));

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      children: [
        { path: 'sign-in', element: <SignInPage /> },
        { path: 'reset-password', element: <ResetPasswordPage /> },
        { path: 'sign-up', element: <SignUpPage /> },
        { path: 'sign-up/verify', element: <SignUpVerifyPage /> },
        // A patient or guest arrives by a personal link, without an account; staff open the same page signed in.
        { path: 'join', element: <JoinPage /> },
        { path: 'visits/:id', element: <VisitPage /> },
        { path: 'visits/:id/questionnaire', element: <QuestionnairePage /> },
        {
          element: <RequireSession />,
          children: [
            { index: true, element: <HomePage /> },
            { path: 'patients', element: <RequirePermission permission="patient.search"><PatientSearchPage /></RequirePermission> },
            { path: 'patients/new', element: <RequirePermission permission="patient.write"><NewPatientPage /></RequirePermission> },
            { path: 'patients/:id', element: <PatientPage /> },
            { path: 'facilities', element: <RequirePermission permission="facility.read"><FacilitiesPage /></RequirePermission> },
            { path: 'facilities/new', element: <RequirePermission permission="facility.manage"><FacilityEditPage /></RequirePermission> },
            { path: 'facilities/:id/edit', element: <RequirePermission permission="facility.manage"><FacilityEditPage /></RequirePermission> },
            { path: 'users', element: <RequirePermission permission="user.read"><UsersPage /></RequirePermission> },
            { path: 'users/new', element: <RequirePermission permission="user.manage"><UserEditPage /></RequirePermission> },
            { path: 'users/:id/edit', element: <RequirePermission permission="user.manage"><UserEditPage /></RequirePermission> },
            { path: 'consultations', element: <RequirePermission permission={['consultation.request', 'consultation.handle']}><ConsultationsPage /></RequirePermission> },
            { path: 'consultations/new', element: <RequirePermission permission="consultation.request"><NewConsultationPage /></RequirePermission> },
            { path: 'consultations/:id', element: <CasePage /> },
            { path: 'visits', element: <RequirePermission permission="visit.join"><VisitsPage /></RequirePermission> },
            { path: 'reports', element: <RequirePermission permission="stats.read"><ReportsPage /></RequirePermission> },
            { path: 'audit', element: <RequirePermission permission="audit.read"><AuditPage /></RequirePermission> },
            { path: 'appointments', element: <RequirePermission permission="appointment.manage"><AppointmentsPage /></RequirePermission> },
            { path: 'appointments/book', element: <RequirePermission permission={['appointment.book', 'appointment.manage']}><BookingPage /></RequirePermission> },
            { path: 'availability', element: <RequirePermission permission="availability.manage"><AvailabilityPage /></RequirePermission> },
            { path: 'account', element: <AccountPage /> },
            { path: 'messages', element: <RequirePermission permission={['patient.self', 'patient.read']}><MessagesPage /></RequirePermission> },
            { path: 'messages/:id', element: <RequirePermission permission={['patient.self', 'patient.read']}><ThreadPage /></RequirePermission> },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
