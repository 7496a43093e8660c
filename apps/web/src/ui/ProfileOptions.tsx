import { SPECIALTY_GROUP_KEYS, SPECIALTY_GROUPS } from './codes.ts';
import { useI18n } from './i18n.tsx';

/** The specialty profiles as a select's options, grouped as in the network's reporting forms. */
export function ProfileOptions() {
  const { t } = useI18n();
  return (
    <>
      {SPECIALTY_GROUP_KEYS.map((g) => (
        <optgroup key={g} label={t(`profileGroup.${g}`)}>
          {SPECIALTY_GROUPS[g].map((p) => <option key={p} value={p}>{t(`profile.${p}`)}</option>)}
        </optgroup>
      ))}
    </>
  );
}
