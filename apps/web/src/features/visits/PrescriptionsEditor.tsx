import type { Prescription } from '../../ui/contract-types.ts';
import { useI18n } from '../../ui/i18n.tsx';

const FIELDS = ['medicine', 'dose', 'route', 'frequency', 'duration', 'instructions'] as const;
export const EMPTY_PRESCRIPTION: Prescription = { medicine: '', dose: '', route: '', frequency: '', duration: '', instructions: '' };

/** The prescriptions of a visit: a list, each a medicine with its dose, route, frequency, duration and instructions. */
export function PrescriptionsEditor(props: { value: Prescription[]; onChange(v: Prescription[]): void; errors: Record<string, string> }) {
  const { t } = useI18n();
  const set = (i: number, k: keyof Prescription, v: string) => props.onChange(props.value.map((p, j) => (j === i ? { ...p, [k]: v } : p)));
  return (
    <fieldset className="fieldset" data-testid="prescriptions">
      <legend>{t('visitRecord.prescriptions')}</legend>
      {props.value.length === 0 ? <p className="muted small">{t('visitRecord.noPrescriptions')}</p> : null}
      {props.value.map((p, i) => (
        <fieldset key={i} className="fieldset fieldset--sub">
          <legend>{t('visitRecord.prescriptionN', { n: i + 1 })}</legend>
          {FIELDS.map((k) => {
            const id = `rx-${i}-${k}`;
            const error = props.errors[`prescriptions.${i}.${k}`];
            return (
              <div key={k} className={`field ${error ? 'field--invalid' : ''}`}>
                <label htmlFor={id}>{t(`visitRecord.rx.${k}`)}{k !== 'medicine' ? <span className="optional"> ({t('common.optional')})</span> : null}</label>
                {error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null}
                <input id={id} value={p[k]} maxLength={k === 'instructions' ? 1000 : 200} required={k === 'medicine'}
                  aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}
                  onChange={(e) => set(i, k, e.target.value)} />
              </div>
            );
          })}
          <button type="button" className="button button--small" onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}>
            {t('visitRecord.removePrescription', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <button type="button" className="button button--small" onClick={() => props.onChange([...props.value, { ...EMPTY_PRESCRIPTION }])}>
        {t('visitRecord.addPrescription')}
      </button>
    </fieldset>
  );
}
