import { useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { useI18n } from '../../ui/i18n.tsx';
import { FileInput } from '../../ui/Field.tsx';
import { type ImportResult, importHistory } from './api.ts';

/** Administrators load the network's earlier records; every rejected row comes back with its reason. */
export function ImportSection(props: { onImported(): void }) {
  const { t, formatNumber } = useI18n();
  const { api } = useActiveSession();
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  return (
    <section className="card" aria-labelledby="report-import">
      <h2 id="report-import">{t('reports.import.title')}</h2>
      <p className="muted">{t('reports.import.intro')}</p>
      <form className="form" onSubmit={async (e) => {
        e.preventDefault();
        const file = (new FormData(e.currentTarget).get('file') as File | null);
        if (!file || file.size === 0) return;
        setPending(true);
        setError(null);
        try {
          setResult(await importHistory(api, file));
          props.onImported();
        } catch (err) {
          setError(err);
        } finally {
          setPending(false);
        }
      }}>
        <div className="field">
          <label htmlFor="report-import-file">{t('reports.import.file')}</label>
          <FileInput id="report-import-file" name="file" accept=".csv,text/csv" required showNames />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={pending}>{t('reports.import.submit')}</button>
        </div>
      </form>
      <ErrorAlert error={error} />
      {result ? (
        <div aria-live="polite">
          <StatusMessage tone={result.rejected.length ? 'info' : 'success'}>
            {t('reports.import.summary', { rows: formatNumber(result.rows), imported: formatNumber(result.imported), duplicates: formatNumber(result.duplicates),
              rejected: formatNumber(result.rows - result.imported - result.duplicates) })}
          </StatusMessage>
          {result.rejected.length > 0 ? (
            <div className="table-wrap" role="region" aria-labelledby="report-rejected" tabIndex={0}>
              <table>
                <caption id="report-rejected">{t('reports.import.rejected')}</caption>
                <thead><tr><th scope="col">{t('reports.import.row')}</th><th scope="col">{t('reports.import.field')}</th><th scope="col">{t('reports.import.reason')}</th></tr></thead>
                <tbody>
                  {result.rejected.map((r) => <tr key={`${r.row}-${r.field}`}><th scope="row">{r.row}</th><td className="mono">{r.field}</td><td>{r.reason}</td></tr>)}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
