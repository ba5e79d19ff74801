import { z } from 'zod';
import { SERVED_REPORT_FILES } from './report-files.js';
import {
  AddZonesAnswer,
  AddZonesRequest,
  CampaignBody,
  ErrorBody,
  HostsAnswer,
  HostsRequest,
  ReportBody,
  ZoneActionAnswer,
  ZoneActionRequest,
  ZoneBody,
} from './schemas.js';

const SCHEMAS = {
  Error: ErrorBody,
  Campaign: CampaignBody,
  Zone: ZoneBody,
  AddZonesRequest,
  AddZonesAnswer,
  ZoneActionRequest,
  ZoneActionAnswer,
  HostsRequest,
  HostsAnswer,
  Report: ReportBody,
};

type SchemaName = keyof typeof SCHEMAS;

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

/** The errors each kind of request can get, with what they mean (PRODUCT.md "HTTP API"). */
const ERRORS = {
  401: 'No token, or an unknown or revoked one.',
  403: 'A token of another campaign.',
  404: 'No such zone (or path).',
  409: 'A rule refuses: wave, customer notice, deployment embargo, zone state. The message says why.',
  413: 'The body is over 1 MiB.',
  415: 'The body is not JSON.',
  422: 'A malformed body (what and where), unknown host names, or an Idempotency-Key reused for another request.',
} as const;

function errors(...codes: (keyof typeof ERRORS)[]) {
  return Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: ERRORS[code], content: { 'application/json': { schema: ref('Error') } } },
    ]),
  );
}

const json = (name: SchemaName, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});

function body(name: SchemaName) {
  const examples = (SCHEMAS[name].meta()?.examples ?? []) as unknown[];
  return {
    required: true,
    content: {
      'application/json': {
        schema: ref(name),
        examples: Object.fromEntries(examples.map((value, i) => [`example${i + 1}`, { value }])),
      },
    },
  };
}

const campaignId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The campaign id, e.g. XSA-108 (case-insensitive).',
  schema: { type: 'string', examples: ['XSA-108'] },
};
const zoneName = {
  name: 'zone',
  in: 'path',
  required: true,
  description: 'The zone name.',
  schema: { type: 'string', examples: ['us-east-1a'] },
};
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe (rule 8): the first answer is stored and replayed to every retry with the same key (header `Idempotent-Replayed: true`). The same key on a different request is a 422.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

/** `GET /api/v1/campaigns/{id}/report.md` and the other report files: the paths, from the table the routes use. */
function reportFilePaths(): Record<string, unknown> {
  return Object.fromEntries(
    SERVED_REPORT_FILES.map((file) => [
      `/api/v1/campaigns/{id}/${file.path}`,
      {
        get: {
          operationId: file.operationId,
          summary: file.summary,
          description:
            "Built from the stored record now, as `/xsa report` builds it for Slack; served inline with a `Content-Disposition` filename. Before the lift too: the token is the war room's.",
          parameters: [campaignId],
          responses: {
            200: {
              description: 'The file.',
              headers: {
                'Content-Disposition': {
                  description: 'e.g. `inline; filename="XSA-108-report.md"`',
                  schema: { type: 'string' },
                },
              },
              content: {
                [file.mediaType]:
                  file.mediaType === 'application/json'
                    ? { schema: ref('Report') }
                    : file.mediaType === 'image/png'
                      ? { schema: { type: 'string', contentMediaType: 'image/png' } }
                      : { schema: { type: 'string' } },
              },
            },
            ...errors(401, 403),
          },
        },
      },
    ]),
  );
}

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of every named schema, references between them resolved to components. */
function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

/** The OpenAPI 3.1 document of the HTTP API, generated from the same zod schemas that parse requests. */
export function buildOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'xsa-bot HTTP API',
      version: '1',
      description:
        'Automation for an embargoed patch campaign: the same rules, audit events and Slack effects as the `/xsa` commands. Create a token in the war room with `/xsa token create <NAME>`; it works for that campaign only. Times are ISO 8601 with an offset.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/campaigns/{id}': {
        get: {
          operationId: 'getCampaign',
          summary: 'The status as JSON',
          parameters: [campaignId],
          responses: { 200: json('Campaign', 'The campaign now.'), ...errors(401, 403) },
        },
      },
      ...reportFilePaths(),
      '/api/v1/campaigns/{id}/zones': {
        post: {
          operationId: 'addZones',
          summary: 'Add zones, with host names or counts, windows and owners',
          parameters: [campaignId, idempotencyKey],
          requestBody: body('AddZonesRequest'),
          responses: {
            201: json('AddZonesAnswer', 'Zones added (names already there are listed as skipped).'),
            200: json('AddZonesAnswer', 'Every zone was already there; nothing changed.'),
            ...errors(401, 403, 409, 413, 415, 422),
          },
        },
      },
      '/api/v1/campaigns/{id}/zones/{zone}/actions': {
        post: {
          operationId: 'zoneAction',
          summary: 'start, done, progress, block, unblock or notified',
          parameters: [campaignId, zoneName, idempotencyKey],
          requestBody: body('ZoneActionRequest'),
          responses: {
            200: json('ZoneActionAnswer', '`changed` is false when the zone was already so.'),
            ...errors(401, 403, 404, 409, 413, 415, 422),
          },
        },
      },
      '/api/v1/campaigns/{id}/zones/{zone}/hosts': {
        post: {
          operationId: 'reportHosts',
          summary: 'Hosts of a zone reported patched, by name',
          parameters: [campaignId, zoneName, idempotencyKey],
          requestBody: body('HostsRequest'),
          responses: {
            200: json('HostsAnswer', 'A host reported twice counts once.'),
            ...errors(401, 403, 404, 409, 413, 415, 422),
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          security: [],
          responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A campaign token from `/xsa token create <NAME>`.',
        },
      },
      schemas: componentSchemas(),
    },
  };
}
