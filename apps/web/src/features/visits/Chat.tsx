import type { VisitChatMessage } from '@telemed/contracts';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../ui/i18n.tsx';
import { ChatFile } from './VisitFiles.tsx';

/** The in-call chat: kept in the visit record, and the way to go on when video is impossible. */
export function Chat(props: { messages: VisitChatMessage[]; me: string; disabled: boolean; onSend(body: string): void; visitId?: string }) {
  const { t, formatDateTime } = useI18n();
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [props.messages.length]);
  const last = props.messages.at(-1);
  return (
    <section className="card chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t('visit.chat.title')}</h2>
      {props.messages.length === 0 ? <p className="muted">{t('visit.chat.empty')}</p> : null}
      <ol ref={list} className="chat__list plain" data-testid="chat-messages">
        {props.messages.map((m) => (
          <li key={m.id} className={m.participantId === props.me ? 'chat__mine' : undefined}>
            <span className="small muted">{m.displayName} · {formatDateTime(m.at)}</span>
            {m.file && props.visitId ? <p><ChatFile visitId={props.visitId} file={m.file} /></p> : <p className="prewrap">{m.body}</p>}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {last && last.participantId !== props.me ? t('visit.newMessage', { name: last.displayName }) : ''}
      </p>
      <form className="form form--inline" onSubmit={(e) => {
        e.preventDefault();
        const body = draft.trim();
        if (!body) return;
        props.onSend(body);
        setDraft('');
      }}>
        <div className="field">
          <label htmlFor="chat-input">{t('visit.chat.label')}</label>
          <input id="chat-input" value={draft} maxLength={4000} disabled={props.disabled} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={props.disabled || !draft.trim()}>{t('visit.chat.send')}</button>
      </form>
    </section>
  );
}
