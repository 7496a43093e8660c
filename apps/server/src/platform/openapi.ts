import { z } from 'zod';
import type { RouteOptions } from 'fastify';

export interface OpenApiRoute {
  method: string;
  url: string;
  access: string;
  summary?: string;
  tags?: string[];
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  response?: Record<string, z.ZodType>;
}

export function collectRoute(into: OpenApiRoute[], route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  for (const method of methods) {
    if (method === 'HEAD') continue;
    into.push({
      method: method.toLowerCase(),
      url: route.url,
      access: [route.config?.access ?? ''].flat().join('|'),
      summary: schema.summary as string | undefined,
      tags: schema.tags as string[] | undefined,
      body: schema.body as z.ZodType | undefined,
      querystring: schema.querystring as z.ZodType | undefined,
      params: schema.params as z.ZodType | undefined,
      response: schema.response as Record<string, z.ZodType> | undefined,
    });
  }
}

function toSchema(type: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

function parameters(type: z.ZodType | undefined, where: 'query' | 'path') {
  if (!type) return [];
  const json = toSchema(type, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema,
  }));
}

/** OpenAPI 3.1 generated from the same zod schemas that validate the requests. */
export function buildOpenApi(routes: OpenApiRoute[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const url = r.url.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, type] of Object.entries(r.response ?? {})) {
      responses[status] = { description: status, content: { 'application/json': { schema: toSchema(type, 'output') } } };
    }
    responses.default = {
      description: 'Problem details (RFC 9457)',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    (paths[url] ??= {})[r.method] = {
      summary: r.summary,
      tags: r.tags,
      'x-access': r.access,
      security: r.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.querystring, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Telemed Network API', version: info.version },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'tm_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
