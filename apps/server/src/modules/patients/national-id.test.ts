import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateNationalId } from './national-id.ts';

// Independent re-implementations so the tests do not just echo the module's own arithmetic.
function refIinCheck(first11: string): number | null {
  const d = first11.split('').map(Number);
  let s = 0;
  for (let i = 0; i < 11; i++) s += d[i] * (i + 1);
  if (s % 11 !== 10) return s % 11;
  s = 0;
  for (let i = 0; i < 11; i++) s += d[i] * (((i + 2) % 11) + 1);
  return s % 11 === 10 ? null : s % 11;
}

function refPinflCheck(first13: string): number {
  const w = [7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7];
  return first13.split('').reduce((s, ch, i) => s + Number(ch) * w[i], 0) % 10;
}

function makeIin(first11: string): string {
  const c = refIinCheck(first11);
  assert.notEqual(c, null, `no check digit exists for ${first11}`);
  return first11 + String(c);
}

function makePinfl(first13: string): string {
  return first13 + String(refPinflCheck(first13));
}

function flipLast(id: string): string {
  const last = Number(id[id.length - 1]);
  return id.slice(0, -1) + String((last + 1) % 10);
}

test('KZ-IIN: hand-verified example that needs the second weight pass', () => {
  // 061211600012: first pass 87 mod 11 = 10, second pass 112 mod 11 = 2.
  assert.deepEqual(validateNationalId('KZ-IIN', '061211600012'), {
    ok: true,
    normalized: '061211600012',
    birthDate: '2006-12-11',
    sex: 'female',
  });
});

test('KZ-IIN: birth date and sex extraction across centuries', () => {
  const male1985 = makeIin('85030730012');
  assert.deepEqual(validateNationalId('KZ-IIN', male1985), {
    ok: true,
    normalized: male1985,
    birthDate: '1985-03-07',
    sex: 'male',
  });
  const female1899 = validateNationalId('KZ-IIN', makeIin('99123120001'));
  assert.equal(female1899.ok && female1899.birthDate, '1899-12-31');
  assert.equal(female1899.ok && female1899.sex, 'female');
  const male2000 = validateNationalId('KZ-IIN', makeIin('00022950123'));
  assert.equal(male2000.ok && male2000.birthDate, '2000-02-29');
  assert.equal(male2000.ok && male2000.sex, 'male');
});

test('KZ-IIN: spaces and hyphens are normalized away', () => {
  const iin = makeIin('90010140555');
  const spaced = `${iin.slice(0, 6)} ${iin.slice(6, 9)}-${iin.slice(9)}`;
  const r = validateNationalId('KZ-IIN', ` ${spaced} `);
  assert.equal(r.ok && r.normalized, iin);
});

test('KZ-IIN: wrong check digit', () => {
  assert.deepEqual(validateNationalId('KZ-IIN', flipLast(makeIin('85030730012'))), {
    ok: false,
    reason: 'checksum',
  });
  assert.deepEqual(validateNationalId('KZ-IIN', '061211600013'), { ok: false, reason: 'checksum' });
});

test('KZ-IIN: numbers whose both weight passes give 10 are never valid', () => {
  let found: string | null = null;
  for (let serial = 0; serial < 10000 && found === null; serial++) {
    const first11 = `880515${3}${String(serial).padStart(4, '0')}`;
    if (refIinCheck(first11) === null) found = first11;
  }
  assert.ok(found, 'expected at least one unissuable prefix');
  for (let d = 0; d <= 9; d++) {
    assert.deepEqual(validateNationalId('KZ-IIN', found + String(d)), { ok: false, reason: 'checksum' });
  }
});

test('KZ-IIN: wrong length, letters and bad century digit are format errors', () => {
  const fmt = { ok: false, reason: 'format' };
  assert.deepEqual(validateNationalId('KZ-IIN', ''), fmt);
  assert.deepEqual(validateNationalId('KZ-IIN', '06121160001'), fmt);
  assert.deepEqual(validateNationalId('KZ-IIN', '0612116000123'), fmt);
  assert.deepEqual(validateNationalId('KZ-IIN', '06121160001O'), fmt);
  assert.deepEqual(validateNationalId('KZ-IIN', '06121160001２'), fmt); // full-width digit
  assert.deepEqual(validateNationalId('KZ-IIN', makeIin('85030700012')), fmt);
  assert.deepEqual(validateNationalId('KZ-IIN', makeIin('85030770013')), fmt);
});

test('KZ-IIN: impossible dates with a valid check digit', () => {
  const date = { ok: false, reason: 'date' };
  assert.deepEqual(validateNationalId('KZ-IIN', makeIin('85023130012')), date); // 31 Feb
  assert.deepEqual(validateNationalId('KZ-IIN', makeIin('01022950012')), date); // 2001 not leap
  assert.deepEqual(validateNationalId('KZ-IIN', makeIin('00022930012')), date); // 1900 not leap
  assert.deepEqual(validateNationalId('KZ-IIN', makeIin('85130130012')), date); // month 13
  assert.deepEqual(validateNationalId('KZ-IIN', makeIin('85040030012')), date); // day 0
  assert.deepEqual(validateNationalId('KZ-IIN', makeIin('85043130012')), date); // 31 Apr
});

test('UZ-PINFL: valid number, birth date and sex extraction', () => {
  // 3 = male 1900s, 150590 = 15 May 1990, district 260, serial 123.
  const pinfl = makePinfl('3150590260123');
  assert.deepEqual(validateNationalId('UZ-PINFL', pinfl), {
    ok: true,
    normalized: pinfl,
    birthDate: '1990-05-15',
    sex: 'male',
  });
  const female2004 = validateNationalId('UZ-PINFL', makePinfl('6290204017001'));
  assert.equal(female2004.ok && female2004.birthDate, '2004-02-29');
  assert.equal(female2004.ok && female2004.sex, 'female');
});

test('UZ-PINFL: hand-verified check digit and separators', () => {
  // 3150590260123: 7*3+3*1+1*5+7*0+3*5+1*9+7*0+3*2+1*6+7*0+3*1+1*2+7*3 = 91 -> check digit 1.
  const r = validateNationalId('UZ-PINFL', '3 150590 260 123 1');
  assert.deepEqual(r, { ok: true, normalized: '31505902601231', birthDate: '1990-05-15', sex: 'male' });
  assert.deepEqual(validateNationalId('UZ-PINFL', '3-150590-260-123-1'), r);
});

test('UZ-PINFL: wrong check digit', () => {
  assert.deepEqual(validateNationalId('UZ-PINFL', '31505902601232'), { ok: false, reason: 'checksum' });
  assert.deepEqual(validateNationalId('UZ-PINFL', flipLast(makePinfl('4010185100555'))), {
    ok: false,
    reason: 'checksum',
  });
});

test('UZ-PINFL: wrong length, letters and bad century digit are format errors', () => {
  const fmt = { ok: false, reason: 'format' };
  assert.deepEqual(validateNationalId('UZ-PINFL', '3150590260123'), fmt);
  assert.deepEqual(validateNationalId('UZ-PINFL', '315059026012311'), fmt);
  assert.deepEqual(validateNationalId('UZ-PINFL', '3150590260123A'), fmt);
  assert.deepEqual(validateNationalId('UZ-PINFL', makePinfl('0150590260123')), fmt);
  assert.deepEqual(validateNationalId('UZ-PINFL', makePinfl('9150590260123')), fmt);
  // A valid IIN is not a valid PINFL and vice versa.
  assert.deepEqual(validateNationalId('UZ-PINFL', '061211600012'), fmt);
  assert.deepEqual(validateNationalId('KZ-IIN', '31505902601231'), fmt);
});

test('UZ-PINFL: impossible dates with a valid check digit', () => {
  const date = { ok: false, reason: 'date' };
  assert.deepEqual(validateNationalId('UZ-PINFL', makePinfl('3310290260123')), date); // 31 Feb
  assert.deepEqual(validateNationalId('UZ-PINFL', makePinfl('5290201260123')), date); // 2001 not leap
  assert.deepEqual(validateNationalId('UZ-PINFL', makePinfl('3011390260123')), date); // month 13
  assert.deepEqual(validateNationalId('UZ-PINFL', makePinfl('3000590260123')), date); // day 0
});
