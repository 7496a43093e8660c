import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labSeries } from './lab-series.ts';

test('values of one test sent in two units form one series in the form unit', () => {
  const s = labSeries([
    { loinc: '10839-9', value: 40, unit: 'ng/L', effectiveAt: '2026-12-01T10:00:00Z' },
    { loinc: '10839-9', value: 0.9, unit: 'ng/mL', effectiveAt: '2026-12-01T16:00:00Z' },
    { loinc: '718-7', value: 13.1, unit: 'g/dL', effectiveAt: '2026-12-01T09:00:00Z' },
  ]);
  assert.equal(s.length, 2);
  const trop = s.find((x) => x.loinc === '10839-9')!;
  assert.deepEqual(trop.points.map((p) => [p.value, p.unit]), [[0.04, 'ng/mL'], [0.9, 'ng/mL']]);
  assert.deepEqual(trop.points[0].entered, { value: 40, unit: 'ng/L' }, 'what was entered is kept to be shown');
  assert.equal(trop.points[1].entered, undefined);
  assert.deepEqual(s.find((x) => x.loinc === '718-7')!.points.map((p) => [p.value, p.unit]), [[131, 'g/L']]);
});

test('a series is oldest first whatever order the values came in, and an unknown code keeps its own unit', () => {
  const s = labSeries([
    { loinc: '8867-4', value: 110, unit: '/min', effectiveAt: '2026-12-01T12:00:00Z' },
    { loinc: '8867-4', value: 90, unit: '/min', effectiveAt: '2026-12-01T08:00:00Z' },
    { loinc: '0000-0', value: 1, unit: 'x', effectiveAt: '2026-12-01T08:00:00Z' },
  ]);
  assert.deepEqual(s[0].points.map((p) => p.value), [90, 110]);
  assert.equal(s[1].key, '0000-0 x');
});
