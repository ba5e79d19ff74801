import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiResponse, callApi, createApiToken } from '../support/api-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  await t.command('new XSA-108 lift 2014-10-01T12:00Z');
});
afterEach(async () => {
  await t.stop();
});

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, { examples: Record<string, { value: unknown }> }> };
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, { examples?: unknown[] }> };
};

async function fetchDocument(): Promise<Doc> {
  const response = await callApi(t, 'GET', '/api/v1/openapi.json');
  expect(response.status).toBe(200);
  return response.json as Doc;
}

function examplesOf(doc: Doc, path: string): unknown[] {
  const content = doc.paths[path]?.post?.requestBody?.content['application/json'];
  return Object.values(content?.examples ?? {}).map((e) => e.value);
}

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, served without a token', async () => {
    const doc = await fetchDocument();
    expect(doc).toMatchObject({ openapi: '3.1.0' });
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('every example in it works against the API, and every answer matches its schema', async () => {
    const doc = await fetchDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('date-time', true);
    ajv.addSchema(doc, 'doc');
    const conforms = (name: string, response: ApiResponse) => {
      const validate = ajv.getSchema(`doc#/components/schemas/${name}`);
      if (!validate) throw new Error(`no schema ${name}`);
      expect(validate(response.json), JSON.stringify(validate.errors)).toBe(true);
    };
    // Request examples are also each schema's `examples`: check both places say the same.
    for (const name of ['AddZonesRequest', 'ZoneActionRequest', 'HostsRequest']) {
      const all = Object.keys(doc.paths).flatMap((p) => examplesOf(doc, p));
      for (const example of doc.components.schemas[name]?.examples ?? []) expect(all).toContainEqual(example);
    }
    const token = await createApiToken(t, 'openapi');
    const call = (path: string, body?: unknown) =>
      callApi(t, body === undefined ? 'GET' : 'POST', `/api/v1/campaigns/XSA-108${path}`, { token, body });

    const [addZones] = examplesOf(doc, '/api/v1/campaigns/{id}/zones');
    const added = await call('/zones', addZones);
    expect(added.status).toBe(201);
    conforms('AddZonesAnswer', added);
    const actions = examplesOf(doc, '/api/v1/campaigns/{id}/zones/{zone}/actions');
    expect(actions.length).toBeGreaterThanOrEqual(7);
    const started = await call('/zones/us-east-1a/actions', actions[0]);
    expect(started.status).toBe(200);
    conforms('ZoneActionAnswer', started);

    // The Error example is the answer to starting a second zone of the region.
    const refused = await call('/zones/us-east-1b/actions', { action: 'start' });
    expect(refused.status).toBe(409);
    conforms('Error', refused);
    expect(refused.json).toEqual(doc.components.schemas.Error?.examples?.[0]);

    const [hosts] = examplesOf(doc, '/api/v1/campaigns/{id}/zones/{zone}/hosts');
    const reported = await call('/zones/us-east-1a/hosts', hosts);
    expect(reported.json).toMatchObject({ newly_patched: ['hv-0001.use1a', 'hv-0002.use1a'] });
    conforms('HostsAnswer', reported);
    expect((await call('/zones/us-east-1a/actions', { action: 'done' })).status).toBe(200);

    for (const action of actions) {
      const answer = await call('/zones/us-east-1b/actions', action);
      expect(answer.status, JSON.stringify({ action, answer: answer.json })).toBe(200);
      conforms('ZoneActionAnswer', answer);
    }
    const status = await call('');
    conforms('Campaign', status);
    expect(status.json).toMatchObject({ totals: { by_state: { done: 2 } } });
    const again = await call('/zones', addZones);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ added: [], skipped: ['us-east-1a', 'us-east-1b'] });
  });

  it('every file path in it is served with its documented type, and report.json matches its schema', async () => {
    const doc = await fetchDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(doc, 'doc');
    const token = await createApiToken(t, 'openapi');
    await t.command('zone add dc1 hosts 10');
    await t.command('start dc1');
    await t.command('block dc1 waiting for the vendor');
    type Get = { responses: Record<string, { content?: Record<string, unknown> }> };
    const files = Object.entries(doc.paths).filter(([path]) => /\/\{id\}\/[a-z]+\.[a-z]+$/.test(path));
    expect(files.map(([path]) => path.split('/').pop())).toEqual([
      'report.md',
      'report.json',
      'zones.csv',
      'calendar.ics',
      'timeline.png',
    ]);
    for (const [path, operations] of files) {
      const get = operations.get as unknown as Get;
      const [mediaType] = Object.keys(get.responses['200']?.content ?? {});
      expect(Object.keys(get.responses).sort()).toEqual(['200', '401', '403']);
      const answer = await callApi(t, 'GET', path.replace('{id}', 'XSA-108'), { token });
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-type')?.split(';')[0], path).toBe(mediaType);
      if (mediaType === 'application/json') {
        const validate = ajv.getSchema('doc#/components/schemas/Report');
        expect(validate?.(answer.json), JSON.stringify(validate?.errors)).toBe(true);
      }
    }
  });
});
