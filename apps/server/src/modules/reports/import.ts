import { createHash } from 'node:crypto';
import type { ImportRejection, ImportResult, Language } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { forbidden } from '../../platform/errors.ts';
import { canImportHistory, type Principal } from '../../platform/policy.ts';
import { CsvParser } from './csv.ts';
import { checkRow, isHeader, reasonText } from './import-rules.ts';
import { statsScopeOf } from './scope.ts';

const BATCH = 10_000;
/** A file with more rejected rows than this is reported in part: the rest are only counted. */
const MAX_REPORTED = 1000;

/** Valid rows waiting to be staged, column by column (as the unnest arrays take them). */
function newBatch() {
  return { key: [] as string[], day: [] as string[], referring: [] as string[], target: [] as string[], profile: [] as string[],
    age: [] as string[], mode: [] as string[], urgency: [] as string[] };
}

export interface ImportOptions {
  lang: Language;
  /** The platform itself (the CLI, the demo seed) imports without a signed-in user. */
  principal: Principal | null;
  meta?: RequestMeta;
}

/**
 * Imports historical consultations from a CSV stream, validated row by row. Rows already imported
 * (same normalised fields, same occurrence in the file) are skipped, so a file imported twice adds
 * nothing. All valid rows go in one transaction: a failure leaves nothing half-imported.
 */
export async function importHistory(deps: Deps, input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, opts: ImportOptions): Promise<ImportResult> {
  if (opts.principal && !canImportHistory(opts.principal)) throw forbidden();
  const scopeIds = opts.principal ? await statsScopeOf(deps, opts.principal) : null;
  const scope = scopeIds ? new Set(scopeIds) : null;
  const { rows: fac } = await deps.pool.query<{ id: string; code: string }>('SELECT id, code FROM facility');
  const facilities = new Map(fac.map((f) => [f.code.toUpperCase(), f.id]));
  const today = deps.now().toISOString().slice(0, 10);

  const rejected: ImportRejection[] = [];
  let rejectedCount = 0;
  let total = 0;
  const seen = new Map<string, number>();
  let batch = newBatch();
  const parser = new CsvParser((fields, line) => {
    if (line === 1 && isHeader(fields)) return;
    total++;
    const check = checkRow(fields, facilities, today, scope);
    if (!check.ok) {
      rejectedCount++;
      if (rejected.length < MAX_REPORTED) rejected.push({ row: line, field: check.field, reason: reasonText(check.reason, opts.lang, check.params) });
      return;
    }
    const r = check.row;
    const norm = `${r.day}|${r.referring}|${r.target}|${r.profile}|${r.ageGroup}|${r.mode}|${r.urgency}`;
    const n = (seen.get(norm) ?? 0) + 1;
    seen.set(norm, n);
    batch.key.push(createHash('sha256').update(`${norm}|${n}`).digest('base64url'));
    batch.day.push(r.day); batch.referring.push(r.referring); batch.target.push(r.target); batch.profile.push(r.profile);
    batch.age.push(r.ageGroup); batch.mode.push(r.mode); batch.urgency.push(r.urgency);
  });

  let imported = 0;
  const client = await deps.pool.connect();
  try {
    await client.query('BEGIN');
    // Valid rows are staged in a temporary table while the file is still being read, then go into
    // consultation_import in one statement: the duplicate check, the rollup triggers and their
    // upserts run once for the whole file instead of once per batch.
    await client.query(`CREATE TEMPORARY TABLE import_staging (row_key text, occurred_on date, referring_facility_id uuid, target_facility_id uuid,
      profile text, age_group text, mode text, urgency text) ON COMMIT DROP`);
    // One batch is sent while the next one is parsed.
    let inFlight: Promise<unknown> = Promise.resolve();
    const send = async () => {
      if (batch.key.length === 0) return;
      const b = batch;
      batch = newBatch();
      await inFlight;
      // Each column goes as one comma-separated text: every value is a checked code, date, uuid or
      // base64url key, none holds a comma, and the driver's per-element array quoting was a third of the
      // import's JavaScript time.
      inFlight = client.query(
        `INSERT INTO import_staging SELECT * FROM unnest(string_to_array($1, ','), string_to_array($2, ',')::date[],
           string_to_array($3, ',')::uuid[], string_to_array($4, ',')::uuid[], string_to_array($5, ','), string_to_array($6, ','),
           string_to_array($7, ','), string_to_array($8, ','))`,
        [b.key, b.day, b.referring, b.target, b.profile, b.age, b.mode, b.urgency].map((column) => column.join(',')));
      // A failed batch must not be left unobserved while the next one is parsed.
      inFlight.catch(() => undefined);
    };
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of input) {
      parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      if (batch.key.length >= BATCH) await send();
    }
    parser.push(decoder.decode());
    parser.end();
    await send();
    await inFlight;
    // In key order, so the unique index is walked once from one end to the other.
    const res = await client.query(
      `INSERT INTO consultation_import (row_key, occurred_on, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported_by)
       SELECT row_key, occurred_on, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, $1 FROM import_staging ORDER BY row_key
       ON CONFLICT (row_key) DO NOTHING`, [opts.principal?.userId ?? null]);
    imported = res.rowCount ?? 0;
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  if (opts.principal) {
    await deps.audit.record({
      actorUserId: opts.principal.userId, actorFacilityId: opts.principal.facilityId, action: 'reports.import', outcome: 'success',
      resourceType: 'consultation_import', ip: opts.meta?.ip ?? null, details: { rows: total, imported, rejected: rejectedCount },
    });
  }
  return { rows: total, imported, duplicates: total - rejectedCount - imported, rejected };
}
