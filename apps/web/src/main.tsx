import type { SessionInfo } from '@telemed/contracts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { applyDocumentLanguage, initialLanguage, loadMessages } from './ui/i18n.tsx';
import './ui/styles.css';

/** The session (if any) decides the language, so it is asked for while the guessed language loads. */
async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const res = await fetch('/api/auth/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    return res.ok ? ((await res.json()) as SessionInfo) : null;
  } catch {
    return null;
  }
}

const guessed = initialLanguage();
const [session, guessedMessages] = await Promise.all([fetchSession(), loadMessages(guessed)]);
const language = session?.user.language ?? guessed;
const messages = language === guessed ? guessedMessages : await loadMessages(language);
applyDocumentLanguage(language);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} language={language} messages={messages} />
  </StrictMode>,
);
