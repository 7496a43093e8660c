import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_FORM, readVital, toInput, vitalProblems, type QuestionnaireForm } from './questionnaire-form.ts';

const form = (vitals: Partial<QuestionnaireForm['vitals']>): QuestionnaireForm => ({ ...EMPTY_FORM, vitals: { ...EMPTY_FORM.vitals, ...vitals } });

test('a reading is taken with a decimal comma or point, in its range, whole where it has no decimals', () => {
  assert.deepEqual(readVital('temperatureC', ' 36,6 '), { value: 36.6, problem: null });
  assert.deepEqual(readVital('temperatureC', '36.6'), { value: 36.6, problem: null });
  assert.deepEqual(readVital('temperatureC', '3'), { value: null, problem: 'range' }, 'half typed: not yet a temperature');
  assert.deepEqual(readVital('temperatureC', '36.66'), { value: null, problem: 'format' });
  assert.deepEqual(readVital('pulsePerMin', '72.5'), { value: null, problem: 'format' });
  assert.deepEqual(readVital('spo2Percent', '101'), { value: null, problem: 'range' });
  assert.deepEqual(readVital('weightKg', '0,5'), { value: 0.5, problem: null });
  assert.deepEqual(readVital('weightKg', 'восемьдесят'), { value: null, problem: 'format' });
  assert.deepEqual(readVital('weightKg', ''), { value: null, problem: null });
});

test('blood pressure is both numbers or neither, the lower one second', () => {
  assert.deepEqual(vitalProblems(form({ systolicMmHg: '140' })), { diastolicMmHg: 'pair' });
  assert.deepEqual(vitalProblems(form({ diastolicMmHg: '90' })), { systolicMmHg: 'pair' });
  assert.deepEqual(vitalProblems(form({ systolicMmHg: '90', diastolicMmHg: '120' })), { diastolicMmHg: 'order' });
  assert.deepEqual(vitalProblems(form({ systolicMmHg: '140', diastolicMmHg: '90' })), {});
});

test('the draft sent to the server keeps the text and leaves out values that do not read yet', () => {
  const input = toInput({ ...form({ temperatureC: '37,2', systolicMmHg: '140', pulsePerMin: '7' }), complaint: '  Бас ауруы ' });
  assert.equal(input.complaint, 'Бас ауруы');
  assert.deepEqual(input.vitals, { temperatureC: 37.2, systolicMmHg: null, diastolicMmHg: null, pulsePerMin: null, spo2Percent: null, weightKg: null });
});
