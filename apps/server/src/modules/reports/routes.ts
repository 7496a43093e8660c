import { ImportResult, ReportExportQuery, ReportFilters, ReportQuery, ReportTable } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { EXPORT_TYPES, exportReport } from './export.ts';
import { importHistory } from './import.ts';
import { buildReport, reportFilters } from './service.ts';

/** Historical files can be large; they are parsed as they arrive, never held whole in memory. */
const IMPORT_BODY_LIMIT = 200 * 1024 * 1024;

export function registerReportRoutes(app: App, deps: Deps): void {
  const tags = ['reports'];
  app.get('/api/reports/filters', {
    schema: { tags, summary: 'Regions and facilities within my statistics scope', response: { 200: ReportFilters } },
    config: { access: 'stats.read' },
  }, async (request) => reportFilters(deps, principalOf(request), request.lang));

  app.get('/api/reports/consultations', {
    schema: { tags, summary: 'Network statistics (counts only): by referring facility × period, by profile × age group, or video sessions and response times',
      querystring: ReportQuery, response: { 200: ReportTable } },
    config: { access: 'stats.read' },
  }, async (request) => buildReport(deps, principalOf(request), request.query, request.lang));

  app.get('/api/reports/consultations/export', {
    schema: { tags, summary: 'The same report as a file: CSV (UTF-8 with BOM), XLSX or PDF, headings in my language', querystring: ReportExportQuery },
    config: { access: 'stats.read' },
  }, async (request, reply) => {
    const q = request.query;
    const table = await buildReport(deps, principalOf(request), q, request.lang);
    const name = `consultations-by-${q.by}${q.by === 'facility' ? `-${q.period}` : ''}.${q.format}`;
    return reply.type(EXPORT_TYPES[q.format]).header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store').send(await exportReport(table, q.format));
  });

  app.register(async (scoped) => {
    // The CSV body is handed over as a stream; import.ts parses it chunk by chunk.
    scoped.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream'], { bodyLimit: IMPORT_BODY_LIMIT },
      (_request, payload, done) => done(null, payload));
    scoped.post('/api/reports/import', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: { tags, summary: 'Import past consultations from CSV (date, referring facility code, consulting facility code, profile, age or age group, mode, urgency); rejected rows are reported with the reason',
        response: { 200: ImportResult } },
      config: { access: ['facility.manage'] },
    }, async (request) => {
      const body = request.body as AsyncIterable<Buffer> | null;
      // Only the CSV parsers above hand over a stream; a JSON body is not a file.
      if (!body || typeof body !== 'object' || !(Symbol.asyncIterator in body)) throw new AppError('unsupported_media_type', 415);
      return importHistory(deps, body, { lang: request.lang, principal: principalOf(request), meta: requestMeta(request) });
    });
  });
}
