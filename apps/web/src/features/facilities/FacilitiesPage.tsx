import { useMemo, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { countryName, regionName } from '../../ui/codes.ts';
import type { Facility } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { type MessageKey, useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { searchFold } from '../../ui/uzbek-spelling.ts';
import { buildTree, facilityName, type FacilityNode, listFacilities } from './api.ts';

export default function FacilitiesPage() {
  const { t } = useI18n();
  const { api, session, can } = useActiveSession();
  const facilities = useResource((signal) => listFacilities(api, signal), []);
  const isNetworkAdmin = session.activeRole === 'network_admin';
  const [filter, setFilter] = useState('');
  const saved = Boolean((useLocation().state as { saved?: string } | null)?.saved);

  return (
    <Page
      title={t('facilities.title')}
      wide
      actions={can('facility.manage') && isNetworkAdmin ? <Link className="button" to="/facilities/new">{t('facilities.add')}</Link> : null}
    >
      <p>{t('facilities.intro')}</p>
      <StatusMessage>{saved ? t('facilities.saved') : null}</StatusMessage>
      {facilities.loading ? <Loading /> : null}
      <ErrorAlert error={facilities.error} />
      {facilities.data ? (
        <Registry
          items={facilities.data.items}
          filter={filter}
          onFilter={setFilter}
          canEdit={(f) => can('facility.manage') && (isNetworkAdmin || f.id === session.activeFacilityId)}
        />
      ) : null}
    </Page>
  );
}

function Registry(props: { items: Facility[]; filter: string; onFilter(v: string): void; canEdit(f: Facility): boolean }) {
  const { t, lang } = useI18n();
  const tree = useMemo(() => buildTree(props.items, lang), [props.items, lang]);
  const needle = searchFold(props.filter.trim(), lang);
  const matches = (f: Facility) =>
    !needle ||
    [f.code, f.region, regionName(f.country, f.region, lang), ...Object.values(f.name)].some((s) => searchFold(s, lang).includes(needle));
  // A node stays when it or anything below it matches, so a match keeps its place in the hierarchy.
  const prune = (nodes: FacilityNode[]): FacilityNode[] =>
    nodes.flatMap((n) => {
      const children = prune(n.children);
      return matches(n.facility) || children.length ? [{ ...n, children }] : [];
    });
  const shown = prune(tree);
  const count = props.items.filter(matches).length;

  return (
    <>
      <div className="field field--short-wide">
        <label htmlFor="facility-filter">{t('facilities.filter')}</label>
        <input id="facility-filter" type="search" name="filter" value={props.filter} onChange={(e) => props.onFilter(e.currentTarget.value)}
          autoComplete="off" />
      </div>
      <p role="status" className="muted">
        {t('facilities.count', { count })}
      </p>
      <ul className="tree" aria-label={t('facilities.treeLabel')}>
        {shown.map((n) => (
          <TreeNode key={n.facility.id} node={n} canEdit={props.canEdit} />
        ))}
      </ul>
    </>
  );
}

function TreeNode(props: { node: FacilityNode; canEdit(f: Facility): boolean }) {
  const { t, lang } = useI18n();
  const f = props.node.facility;
  const name = facilityName(f, lang);
  return (
    <li>
      <div className={f.active ? 'tree__item' : 'tree__item tree__item--inactive'}>
        <div className="tree__title">
          <strong>{name}</strong> <span className="code">{f.code}</span>
          {f.isTelemedicineCentre ? <span className="tag tag--ok">{t('facilities.telemedCentre')}</span> : null}
          {!f.active ? <span className="tag tag--warn">{t('facilities.inactive')}</span> : null}
        </div>
        <div className="tree__meta">
          {t(`facilityKind.${f.kind}`)} · {regionName(f.country, f.region, lang)}, {countryName(f.country, lang) ?? f.country} · <span className="mono">{f.timeZone}</span>
        </div>
        {f.profiles.length > 0 ? (
          <details className="tree__profiles">
            <summary>{t('facilities.profilesCount', { count: f.profiles.length })}</summary>
            <p>{f.profiles.map((p) => t(`profile.${p}` as MessageKey)).join(', ')}</p>
          </details>
        ) : null}
        {props.canEdit(f) ? (
          <Link to={`/facilities/${f.id}/edit`} className="tree__edit">
            {t('common.edit')}
            <span className="visually-hidden">: {name}</span>
          </Link>
        ) : null}
      </div>
      {props.node.children.length > 0 ? (
        <ul>
          {props.node.children.map((c) => (
            <TreeNode key={c.facility.id} node={c} canEdit={props.canEdit} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
