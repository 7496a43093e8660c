import type { ImportResult } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { importHistory } from '../reports/import.ts';
import { DEMO_FACILITIES } from './network.ts';

/** Historical records of the demo network: enough for the reports page to show five years of work. */
export const DEMO_HISTORY_ROWS = { aktobe: 2400, samarkand: 800 };

const AKTOBE_DISTRICTS = DEMO_FACILITIES.filter((f) => f.region === 'Aktobe' && f.kind === 'district_hospital').map((f) => f.code);
const SAMARKAND_DISTRICTS = DEMO_FACILITIES.filter((f) => f.region === 'Samarkand' && f.kind === 'district_hospital').map((f) => f.code);
// Weighted by repetition: most requests go to the region's own centre.
const AKTOBE_HUBS = [...Array(14).fill('KZ-AKT-RTC'), 'KZ-NSMC', 'KZ-NSMC', 'KZ-NSMC', 'KZ-ALA-RI', 'KZ-ALA-RI', 'INT-IST-CARD'];
const SAMARKAND_HUBS = [...Array(9).fill('UZ-SAM-RMC'), 'INT-IST-CARD'];
const AGES = ['adult', 'adult', 'adult', 'adult', 'adult', 'adult', 'adolescent', 'child', 'child', 'newborn'];
const MODES = ['async', 'async', 'async', 'scheduled_video', 'immediate_video'];
const URGENCIES = ['planned', 'planned', 'planned', 'urgent', 'urgent', 'emergency'];
const PROFILES = new Map(DEMO_FACILITIES.map((f) => [f.code, f.profiles]));

/** A fixed sequence, so every demo start shows the same network (dates move with today). */
function sequence(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo's earlier records as the CSV an operator would import: the Aktobe districts and the Samarkand region, the five years before this one. */
export function demoHistoryCsv(today: Date): string {
  const next = sequence(2026);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  // The five calendar years before this one: whole years, so each report column is a full year.
  const start = Date.UTC(today.getUTCFullYear() - 5, 0, 1);
  const span = (Date.UTC(today.getUTCFullYear(), 0, 1) - start) / 86_400_000;
  const lines = ['date,referring_facility,consulting_facility,profile,age,mode,urgency'];
  const add = (districts: string[], hubs: string[], n: number) => {
    for (let i = 0; i < n; i++) {
      // Square root: the network grew, so recent years have more requests than early ones.
      const day = new Date(start + Math.floor(Math.sqrt(next()) * span) * 86_400_000).toISOString().slice(0, 10);
      const hub = pick(hubs);
      lines.push([day, pick(districts), hub, pick(PROFILES.get(hub)!), pick(AGES), pick(MODES), pick(URGENCIES)].join(','));
    }
  };
  add(AKTOBE_DISTRICTS, AKTOBE_HUBS, DEMO_HISTORY_ROWS.aktobe);
  add(SAMARKAND_DISTRICTS, SAMARKAND_HUBS, DEMO_HISTORY_ROWS.samarkand);
  return `${lines.join('\n')}\n`;
}

/**
 * Loads the demo's historical consultations through the import itself: historical records, never live
 * cases, so the queues stay as the demo network left them. Called once, when the network is first
 * loaded (the years follow today's, so a later year's file would be a different one).
 */
export async function seedDemoHistory(deps: Deps): Promise<ImportResult> {
  if (deps.config.TELEMED_MODE !== 'demo') throw new Error('The demo network is never loaded in production mode');
  return importHistory(deps, [demoHistoryCsv(deps.now())], { lang: 'en', principal: null });
}
