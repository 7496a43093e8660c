import { Facility, FacilityInput, FacilityList, IdParams } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { createFacility, getFacility, listFacilities, updateFacility } from './service.ts';

export function registerFacilityRoutes(app: App, deps: Deps): void {
  const tags = ['facilities'];
  app.get('/api/facilities', {
    schema: { tags, summary: 'The network registry', response: { 200: FacilityList } },
    config: { access: 'facility.read' },
  }, async () => listFacilities(deps));

  app.get('/api/facilities/:id', {
    schema: { tags, summary: 'One facility', params: IdParams, response: { 200: Facility } },
    config: { access: 'facility.read' },
  }, async (request) => getFacility(deps, request.params.id));

  app.post('/api/facilities', {
    schema: { tags, summary: 'Add a facility to the network', body: FacilityInput, response: { 201: Facility } },
    config: { access: 'facility.manage' },
  }, async (request, reply) => reply.status(201).send(await createFacility(deps, principalOf(request), request.body, requestMeta(request))));

  app.put('/api/facilities/:id', {
    schema: { tags, summary: 'Change a facility', params: IdParams, body: FacilityInput, response: { 200: Facility } },
    config: { access: 'facility.manage' },
  }, async (request) => updateFacility(deps, principalOf(request), request.params.id, request.body, requestMeta(request)));
}
