import { useI18n } from '../../ui/i18n.tsx';
import type { ReportTable } from './api.ts';

/** The form as a real table: column and row headers with scope, subtotal and total rows marked. */
export function ReportTableView(props: { table: ReportTable }) {
  const { formatNumber } = useI18n();
  const t = props.table;
  return (
    <div className="table-wrap" role="region" aria-labelledby="report-caption" tabIndex={0}>
      <table data-testid="report-table">
        <caption id="report-caption">{t.title} — {t.subtitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.rowHeading}</th>
            {t.columns.map((c) => <th key={c.key} scope="col" className="num">{c.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r) => (
            <tr key={r.key} className={r.kind === 'item' ? undefined : `report-row--${r.kind}`}>
              <th scope="row" className={r.kind === 'item' ? 'report-item' : undefined}>{r.label}</th>
              {r.cells.map((v, i) => <td key={t.columns[i]?.key ?? i} className="num">{v === null ? '—' : typeof v === 'number' ? formatNumber(v) : v}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
