import { useEffect, useState } from 'react';
import type { ConsultationQueueItem } from '../../ui/contract-types.ts';
import type { LiveState } from '../../ui/realtime.ts';
import { useI18n } from '../../ui/i18n.tsx';

export function UrgencyTag(props: { urgency: string }) {
  const { t } = useI18n();
  const tone = props.urgency === 'emergency' ? 'tag--failure' : props.urgency === 'urgent' ? 'tag--warn' : '';
  return <span className={`tag ${tone}`} data-urgency={props.urgency}>{t(`urgency.${props.urgency}` as never)}</span>;
}

export function StatusTag(props: { status: string }) {
  const { t } = useI18n();
  const tone = ['concluded', 'acknowledged'].includes(props.status) ? 'tag--success' : ['declined', 'cancelled'].includes(props.status) ? 'tag--denied' : '';
  return <span className={`tag ${tone}`} data-testid="case-status" data-status={props.status}>{t(`status.${props.status}` as never)}</span>;
}

/** A clock that re-renders every minute, so remaining times stay true on a page left open. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** The response-time target: time left, missed, or escalated. */
export function DueBadge(props: { item: Pick<ConsultationQueueItem, 'dueAt' | 'dueFor' | 'escalated' | 'status' | 'acceptedAt' | 'concludedAt'> }) {
  const { t } = useI18n();
  const now = useMinuteClock();
  const { dueAt, dueFor, escalated, status } = props.item;
  const met = dueFor === 'accept' ? status !== 'submitted' : ['concluded', 'acknowledged'].includes(status);
  if (!dueAt || met || ['declined', 'cancelled', 'draft'].includes(status)) return null;
  if (escalated) return <span className="tag tag--flag" data-testid="escalated">{t('consultation.escalated')}</span>;
  const minutes = Math.round((new Date(dueAt).getTime() - now) / 60_000);
  if (minutes < 0) return <span className="tag tag--failure">{t('consultation.overdue')}</span>;
  const label = minutes < 120 ? t('consultation.dueInMinutes', { count: minutes }) : t('consultation.dueInHours', { count: Math.round(minutes / 60) });
  return <span className="tag tag--ok" title={t(dueFor === 'accept' ? 'consultation.dueFor.accept' : 'consultation.dueFor.conclude')}>{label}</span>;
}

/** Whether the page updates by itself; announced politely when the link drops or returns. */
export function LiveIndicator(props: { state: LiveState }) {
  const { t } = useI18n();
  const text = props.state === 'live' ? t('live.on') : props.state === 'connecting' ? t('live.connecting') : t('live.reconnecting');
  return <p className="muted live-state" role="status" data-testid="live-state" data-state={props.state}>{text}</p>;
}
