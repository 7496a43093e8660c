import { useI18n } from '../../ui/i18n.tsx';
import type { LiveState } from '../../ui/realtime.ts';

/** Whether new messages arrive live (a polite status). */
export function LiveNote(props: { state: LiveState }) {
  const { t } = useI18n();
  const text = props.state === 'live' ? t('live.on') : props.state === 'connecting' ? t('live.connecting') : t('live.reconnecting');
  return <p className="muted small" role="status" data-testid="live-state" data-state={props.state}>{text}</p>;
}
