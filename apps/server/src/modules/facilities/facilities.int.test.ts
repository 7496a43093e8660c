import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REGIONS } from '@telemed/contracts';
import { as, createTestApp, facilityId, signIn } from '../../test-support/app.ts';

const t = await createTestApp();
const rtc = await facilityId(t, 'KZ-AKT-RTC');

async function current(s: Awaited<ReturnType<typeof signIn>>) {
  const { id: _id, ...input } = (await as(t, s)('GET', `/api/facilities/${rtc}`)).json();
  return input;
}

test('a facility administrator runs their own facility but cannot move it to another region, code or place in the hierarchy', async () => {
  const admin = await signIn(t, 'facility.admin@demo.telemed');
  const input = await current(admin);
  const renamed = await as(t, admin)('PUT', `/api/facilities/${rtc}`, { ...input, name: { ...input.name, en: 'Aktobe Regional Telemedicine Centre' } });
  assert.equal(renamed.statusCode, 200, renamed.body);
  const otherRegion = Object.keys(REGIONS.KZ).find((r) => r !== input.region)!;
  for (const change of [{ region: otherRegion }, { country: 'UZ', region: Object.keys(REGIONS.UZ)[0] }, { code: 'KZ-AKT-RTC2' }, { parentId: null }]) {
    const res = await as(t, admin)('PUT', `/api/facilities/${rtc}`, { ...input, ...change });
    assert.equal(res.statusCode, 403, `${JSON.stringify(change)}: ${res.body}`);
  }
  assert.equal((await current(admin)).region, input.region, 'nothing changed');
  // The network administrator may.
  const network = await signIn(t, 'admin@demo.telemed');
  const moved = await as(t, network)('PUT', `/api/facilities/${rtc}`, { ...input, region: otherRegion });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(moved.json().region, otherRegion);
});
