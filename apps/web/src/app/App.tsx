import type { Language, SessionInfo } from '@telemed/contracts';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { I18nProvider } from '../ui/i18n.tsx';
import type { Messages } from '../ui/locales/types.ts';
import { createRouter } from './router.tsx';
import { RealtimeProvider } from './realtime.tsx';
import { SessionProvider } from './session.tsx';

export function App(props: { session: SessionInfo | null; language: Language; messages: Messages }) {
  const [router] = useState(createRouter);
  return (
    <I18nProvider initialLanguage={props.language} initialMessages={props.messages}>
      <SessionProvider initialSession={props.session}>
        <RealtimeProvider>
          <RouterProvider router={router} />
        </RealtimeProvider>
      </SessionProvider>
    </I18nProvider>
  );
}
