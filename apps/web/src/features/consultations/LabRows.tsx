import { DateInput } from '../../ui/Field.tsx';
import { OBSERVATION_BY_LOINC, OBSERVATION_CODES } from '../../ui/codes.ts';
import { useI18n } from '../../ui/i18n.tsx';

/** One lab value or vital sign as typed: text until sent, so a half-typed "2," is kept as it is. */
export interface LabRow { loinc: string; value: string; unit: string; effectiveAt: string }

/** Now as a datetime-local input's value (the browser's local time). */
export function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export const newLabRow = (): LabRow => ({ loinc: OBSERVATION_CODES[0].loinc, value: '', unit: OBSERVATION_CODES[0].units[0], effectiveAt: localNow() });

const numberOf = (text: string) => Number(text.trim().replace(',', '.'));

/** Field errors, keyed as the server keys them (`observations.<i>.value`): a value must be a number (a decimal comma is fine). */
export function labErrors(rows: readonly LabRow[], message: string): Record<string, string> {
  const e: Record<string, string> = {};
  rows.forEach((l, i) => {
    if (!l.loinc || l.value.trim() === '' || Number.isNaN(numberOf(l.value))) e[`observations.${i}.value`] = message;
  });
  return e;
}

export const toObservations = (rows: readonly LabRow[]) =>
  rows.map((l) => ({ loinc: l.loinc, value: numberOf(l.value), unit: l.unit, effectiveAt: new Date(l.effectiveAt).toISOString() }));

/** Rows of lab values to fill in: test, value, unit (those the code accepts), when taken. */
export function LabRows(props: { rows: LabRow[]; errors: Record<string, string>; onChange(rows: LabRow[]): void; idPrefix?: string }) {
  const { t, lang } = useI18n();
  const prefix = props.idPrefix ?? 'lab';
  const update = (i: number, patch: Partial<LabRow>) => props.onChange(props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="fieldset" data-testid="lab-rows">
      <legend>{t('consultation.labs')}</legend>
      <p className="field__hint">{t('consultationNew.labsHint')}</p>
      {props.rows.map((r, i) => {
        const code = OBSERVATION_BY_LOINC.get(r.loinc);
        const error = props.errors[`observations.${i}.value`];
        return (
          <div className="lab-row" key={i}>
            <div className="field">
              <label htmlFor={`${prefix}-${i}-code`}>{t('lab.test')}</label>
              <select id={`${prefix}-${i}-code`} value={r.loinc}
                onChange={(e) => update(i, { loinc: e.target.value, unit: OBSERVATION_BY_LOINC.get(e.target.value)?.units[0] ?? '' })}>
                {OBSERVATION_CODES.map((c) => <option key={c.loinc} value={c.loinc}>{c.name[lang]}</option>)}
              </select>
            </div>
            <div className={`field field--short ${error ? 'field--invalid' : ''}`}>
              <label htmlFor={`${prefix}-${i}-value`}>{t('lab.value')}</label>
              <input id={`${prefix}-${i}-value`} inputMode="decimal" value={r.value} onChange={(e) => update(i, { value: e.target.value })}
                aria-invalid={error ? true : undefined} aria-describedby={error ? `${prefix}-${i}-error` : undefined} />
              {error ? <p className="field__error" id={`${prefix}-${i}-error`}>{error}</p> : null}
            </div>
            <div className="field field--short">
              <label htmlFor={`${prefix}-${i}-unit`}>{t('lab.unit')}</label>
              <select id={`${prefix}-${i}-unit`} value={r.unit} onChange={(e) => update(i, { unit: e.target.value })}>
                {(code?.units ?? []).map((u) => <option key={u} value={u}>{u}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${prefix}-${i}-at`}>{t('lab.takenAt')}</label>
              <DateInput id={`${prefix}-${i}-at`} type="datetime-local" value={r.effectiveAt} onChange={(e) => update(i, { effectiveAt: e.target.value })} />
            </div>
            <button type="button" className="button button--small" onClick={() => props.onChange(props.rows.filter((_, j) => j !== i))}>
              {t('common.remove')}
            </button>
          </div>
        );
      })}
      <button type="button" className="button" data-testid="add-lab"
        onClick={() => props.onChange([...props.rows, newLabRow()])}>
        {t('consultationNew.addLab')}
      </button>
    </fieldset>
  );
}
