import type { SessionInfo } from '@telemed/contracts';
import { useId, useState } from 'react';
import { useErrorText } from '../ui/Feedback.tsx';
import { useI18n } from '../ui/i18n.tsx';
import { useActiveSession } from './session.tsx';

/** For users with several memberships: `select[name=facility]`, value `${facilityId}|${role}`. */
export function FacilitySwitcher(props: { onStatus(message: string): void }) {
  const { session, api, applySession } = useActiveSession();
  const { t } = useI18n();
  const errorText = useErrorText();
  const id = useId();
  const [busy, setBusy] = useState(false);
  if (session.memberships.length < 2) return null;
  const current = `${session.activeFacilityId}|${session.activeRole}`;
  return (
    <div className="tool tool--facility">
      <label htmlFor={id} className="tool__label">
        {t('header.actingAs')}
      </label>
      <select
        id={id}
        name="facility"
        value={current}
        disabled={busy}
        onChange={async (e) => {
          const [facilityId, role] = e.currentTarget.value.split('|');
          setBusy(true);
          try {
            const next = await api.post<SessionInfo>('/api/auth/facility', { facilityId, role });
            applySession(next);
            const m = next.memberships.find((x) => x.facilityId === next.activeFacilityId && x.role === next.activeRole);
            if (m) props.onStatus(t('header.switched', { facility: m.facilityName, role: t(`role.${m.role}`) }));
          } catch (err) {
            props.onStatus(errorText(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {session.memberships.map((m) => (
          <option key={`${m.facilityId}|${m.role}`} value={`${m.facilityId}|${m.role}`}>
            {m.facilityName} — {t(`role.${m.role}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
