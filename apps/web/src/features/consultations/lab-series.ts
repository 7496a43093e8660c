import { inFormUnit } from '@telemed/contracts/observations';

export interface LabValue { loinc: string; value: number; unit: string; effectiveAt: string }
export interface LabPoint extends LabValue {
  /** The value as the referrer entered it, when it was turned into the form's unit. */
  entered?: { value: number; unit: string };
}

/**
 * The case's lab values as one series per test, oldest first, every value in the test's form unit (a troponin sent once
 * in ng/L and once in ng/mL is one line, not a jump of a thousand). A unit that cannot be converted keeps a series of its own.
 */
export function labSeries(observations: readonly LabValue[]): { key: string; loinc: string; points: LabPoint[] }[] {
  const by = new Map<string, { key: string; loinc: string; points: LabPoint[] }>();
  const ordered = [...observations].sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt));
  for (const o of ordered) {
    const form = inFormUnit(o.loinc, o.value, o.unit);
    const point: LabPoint = form && form.unit !== o.unit ? { ...o, ...form, entered: { value: o.value, unit: o.unit } } : o;
    const key = form ? o.loinc : `${o.loinc} ${o.unit}`;
    const s = by.get(key) ?? { key, loinc: o.loinc, points: [] };
    s.points.push(point);
    by.set(key, s);
  }
  return [...by.values()];
}
