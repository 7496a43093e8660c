import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import type { PatientSummary } from '../../ui/contract-types.ts';
import { patientLatinName, patientName, searchPatients } from './api.ts';

const MIN_QUERY = 2;

export default function PatientSearchPage() {
  const { t } = useI18n();
  const { api, can } = useActiveSession();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [tooShort, setTooShort] = useState(false);
  const results = useResource(
    (signal) => (q.length >= MIN_QUERY ? searchPatients(api, q, signal) : Promise.resolve(null)),
    [q],
  );

  return (
    <Page
      title={t('patients.search.title')}
      actions={can('patient.write') ? <Link className="button" to="/patients/new">{t('patients.new.link')}</Link> : null}
    >
      <form
        role="search"
        aria-label={t('patients.search.formLabel')}
        className="search-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const value = String(new FormData(e.currentTarget).get('q') ?? '').trim();
          const short = value.length < MIN_QUERY;
          setTooShort(short);
          if (!short) setParams({ q: value });
        }}
      >
        <div className={`field ${tooShort ? 'field--invalid' : ''}`}>
          <label htmlFor="patient-q">{t('patients.search.label')}</label>
          <p className="field__hint" id="patient-q-hint">
            {t('patients.search.hint')}
          </p>
          {tooShort ? (
            <p className="field__error" id="patient-q-error" role="alert">
              {t('patients.search.tooShort', { count: MIN_QUERY })}
            </p>
          ) : null}
          <div className="search-form__row">
            <input
              id="patient-q"
              name="q"
              type="search"
              defaultValue={q}
              key={q}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={tooShort || undefined}
              aria-describedby={tooShort ? 'patient-q-hint patient-q-error' : 'patient-q-hint'}
            />
            <button type="submit" className="button button--primary">
              {t('patients.search.submit')}
            </button>
          </div>
        </div>
      </form>
      <Results q={q} loading={results.loading} error={results.error} items={results.data?.items} />
    </Page>
  );
}

function Results(props: { q: string; loading: boolean; error: unknown; items?: PatientSummary[] }) {
  const { t, formatDate } = useI18n();
  if (props.q.length < MIN_QUERY) return null;
  if (props.loading) return <Loading />;
  if (props.error) return <ErrorAlert error={props.error} />;
  const items = props.items ?? [];
  return (
    <section aria-labelledby="results-title" className="results">
      <h2 id="results-title">{t('patients.search.resultsTitle')}</h2>
      <p role="status">
        {items.length === 0 ? t('patients.search.none') : t('patients.search.found', { count: items.length, q: props.q })}
      </p>
      {items.length > 0 ? (
        <ul className="result-list">
          {items.map((p) => {
            const latin = patientLatinName(p);
            return (
              <li key={p.id}>
                <Link to={`/patients/${p.id}`} className="result-list__name">
                  {patientName(p)}
                </Link>
                {latin ? <span className="muted"> ({latin})</span> : null}
                <span className="result-list__meta">
                  {t('patient.birthDate')}: {formatDate(p.birthDate)} · {t(`sex.${p.sex}`)}
                  {p.nationalId ? (
                    <>
                      {' · '}
                      {t('patient.nationalId')}: <span className="mono">{p.nationalId}</span>
                    </>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
