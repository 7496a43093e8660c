import { useSearchParams } from 'react-router';
import { DateInput } from '../../ui/Field.tsx';
import { useActiveSession } from '../../app/session.tsx';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { type ReportChoice, exportUrl, getReport, getReportFilters } from './api.ts';
import { BarChart } from './BarChart.tsx';
import { ImportSection } from './ImportSection.tsx';
import { ReportTableView } from './ReportTableView.tsx';

const KINDS = ['facility', 'profile', 'response'] as const;
const PERIODS = ['year', 'half', 'quarter', 'month'] as const;

function choiceFrom(params: URLSearchParams): ReportChoice {
  const by = KINDS.find((k) => k === params.get('by')) ?? 'facility';
  const period = PERIODS.find((p) => p === params.get('period')) ?? 'year';
  const opt = (k: string) => params.get(k) || undefined;
  return { by, period, region: opt('region'), facilityId: opt('facilityId'), from: opt('from'), to: opt('to') };
}

export default function ReportsPage() {
  const { t } = useI18n();
  const { api, can, session } = useActiveSession();
  const [params, setParams] = useSearchParams();
  const choice = choiceFrom(params);
  const key = JSON.stringify(choice);
  // The server writes the headings in the language saved for the user: a new choice reloads the report.
  const savedLanguage = session.user.language;
  const filters = useResource((signal) => getReportFilters(api, signal), [savedLanguage]);
  const report = useResource((signal) => getReport(api, choice, signal), [key, savedLanguage]);
  const bars = (report.data?.rows ?? []).filter((r) => r.kind === (choice.by === 'profile' ? 'subtotal' : 'item'))
    .map((r) => ({ label: r.label, value: Number(r.cells[choice.by === 'response' ? 0 : r.cells.length - 1] ?? 0) }));

  return (
    <Page title={t('reports.title')} wide>
      <p>{t('reports.intro')}</p>
      <form className="filters" aria-label={t('reports.filters')} onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const next = new URLSearchParams();
        for (const k of ['by', 'period', 'region', 'facilityId', 'from', 'to']) {
          const v = String(data.get(k) ?? '').trim();
          if (v) next.set(k, v);
        }
        setParams(next);
      }}>
        {/* Radios, not a select: the reports' names are long, and on a phone a select would cut them. */}
        <fieldset className="fieldset filters__wide" key={`by-${choice.by}`}>
          <legend>{t('reports.report')}</legend>
          {KINDS.map((k) => (
            <label key={k}>
              <input type="radio" name="by" value={k} defaultChecked={choice.by === k} /> {t(`reports.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="report-period">{t('reports.period')}</label>
          <select id="report-period" name="period" defaultValue={choice.period}>
            {PERIODS.map((p) => <option key={p} value={p}>{t(`reports.period.${p}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-region">{t('reports.region')}</label>
          <select id="report-region" name="region" defaultValue={choice.region ?? ''} key={`r-${filters.data?.regions.length ?? 0}`}>
            <option value="">{t('reports.all')}</option>
            {(filters.data?.regions ?? []).map((r) => <option key={r.value} value={r.value}>{r.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-facility">{t('reports.facility')}</label>
          <select id="report-facility" name="facilityId" defaultValue={choice.facilityId ?? ''} key={`f-${filters.data?.facilities.length ?? 0}`}>
            <option value="">{t('reports.all')}</option>
            {(filters.data?.facilities ?? []).map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-from">{t('reports.from')}</label>
          <DateInput id="report-from" name="from" type="date" defaultValue={choice.from} />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t('reports.to')}</label>
          <DateInput id="report-to" name="to" type="date" defaultValue={choice.to} />
        </div>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">{t('reports.show')}</button>
        </div>
      </form>
      <p className="report-exports">
        <span>{t('reports.download')}:</span>{' '}
        {(['csv', 'xlsx', 'pdf'] as const).map((f) => (
          <a key={f} className="button" href={exportUrl(choice, f)} download data-testid={`export-${f}`}>{f.toUpperCase()}</a>
        ))}
      </p>
      {report.loading ? <Loading /> : null}
      <ErrorAlert error={report.error} />
      {report.data ? (
        <>
          <ReportTableView table={report.data} />
          {bars.some((b) => b.value > 0) ? <BarChart bars={bars} /> : <p className="muted">{t('reports.empty')}</p>}
        </>
      ) : null}
      {can('facility.manage') ? <ImportSection onImported={() => setParams(new URLSearchParams(params))} /> : null}
    </Page>
  );
}
