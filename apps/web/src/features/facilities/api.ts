import type { Language } from '@telemed/contracts';
import type { ApiClient } from '../../ui/api.ts';
import type { Facility, FacilityInput } from '../../ui/contract-types.ts';

export const listFacilities = (api: ApiClient, signal?: AbortSignal) => api.get<{ items: Facility[] }>('/api/facilities', { signal });
export const getFacility = (api: ApiClient, id: string, signal?: AbortSignal) => api.get<Facility>(`/api/facilities/${id}`, { signal });
export const createFacility = (api: ApiClient, body: FacilityInput) => api.post<Facility>('/api/facilities', body);
export const updateFacility = (api: ApiClient, id: string, body: FacilityInput) => api.put<Facility>(`/api/facilities/${id}`, body);

export function facilityName(f: Pick<Facility, 'name'>, lang: Language): string {
  return f.name[lang] || f.name.ru || f.name.en;
}

export interface FacilityNode {
  facility: Facility;
  children: FacilityNode[];
}

/** The registry as a forest by parent; a facility whose parent is missing becomes a root rather than vanishing. */
export function buildTree(items: Facility[], lang: Language): FacilityNode[] {
  const byId = new Map(items.map((f) => [f.id, { facility: f, children: [] as FacilityNode[] }]));
  const roots: FacilityNode[] = [];
  for (const node of byId.values()) {
    const parent = node.facility.parentId ? byId.get(node.facility.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const collator = new Intl.Collator(lang);
  const sort = (nodes: FacilityNode[]) => {
    nodes.sort((a, b) => collator.compare(facilityName(a.facility, lang), facilityName(b.facility, lang)));
    for (const n of nodes) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The facility and everything below it: none of these may become its parent. */
export function subtreeIds(items: Facility[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of items) {
      if (f.parentId && out.has(f.parentId) && !out.has(f.id)) {
        out.add(f.id);
        grew = true;
      }
    }
  }
  return out;
}
