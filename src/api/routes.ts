import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Invocation } from '../campaigns/access.js';
import { addZoneSpecs, type ZoneSpec } from '../campaigns/campaign-commands.js';
import { reportPatchedHosts } from '../campaigns/host-commands.js';
import { buildStatusView } from '../campaigns/queries.js';
import { readReportRecord } from '../campaigns/report.js';
import { authenticateToken } from '../campaigns/token-commands.js';
import { changeZone, recordNotified, type ZoneAction } from '../campaigns/zone-commands.js';
import type { AppContext } from '../context.js';
import { type ErrorCode, XsaError } from '../domain/errors.js';
import type { Campaign } from '../domain/types.js';
import type { HttpRoute } from '../http/routes.js';
import type { ApiToken } from '../store/api-store.js';
import { type Answer, ApiError, errorAnswer, fileAnswer, jsonAnswer, readBody, send } from './http.js';
import { buildOpenApiDocument } from './openapi.js';
import { toCampaignJson, toZoneJson } from './render.js';
import { SERVED_REPORT_FILES } from './report-files.js';
import { AddZonesRequest, HostsRequest, ZoneActionRequest } from './schemas.js';

/** A request that passed authentication: its token, campaign and body. */
export interface Authorized {
  ctx: AppContext;
  token: ApiToken;
  campaign: Campaign;
  who: Invocation;
  params: string[];
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** false: no token needed (the OpenAPI document). */
  auth: boolean;
  body?: z.ZodType;
  run(request: Authorized): Promise<Answer> | Answer;
}

const CAMPAIGN = '/api/v1/campaigns/([^/]+)';

/** Already validated by the schema as ISO 8601 with an offset. */
const instant = (text: string) => DateTime.fromISO(text, { setZone: true }).toUTC();

/** Use-case refusals by code: the API's status for each (409 for a rule, unless listed here). */
const STATUS_OF_ERROR: Partial<Record<ErrorCode, number>> = {
  unknown_zone: 404,
  unknown_campaign: 404,
  forbidden: 403,
  unknown_hosts: 422,
  bad_zone_name: 422,
  name_leaks: 422,
  bad_region: 422,
  bad_window: 422,
  bad_host_name: 422,
  too_many_hosts: 422,
  bad_progress: 422,
  bad_time: 422,
};

function zoneJson(ctx: AppContext, campaign: Campaign, name: string) {
  const zone = ctx.campaigns.findZone(campaign.id, name);
  if (!zone) throw new ApiError(404, 'unknown_zone', `There is no zone ${name} in ${campaign.id}.`);
  const view = buildStatusView(campaign, [zone], ctx.clock.now(), false, false);
  return toZoneJson(zone, ctx.hosts.countHosts(campaign.id, zone.name) > 0, view.exposure);
}

function toZoneAction(body: z.infer<typeof ZoneActionRequest>): ZoneAction | null {
  switch (body.action) {
    case 'start':
      return { kind: 'start', force: body.force ?? false };
    case 'progress':
      return { kind: 'progress', patched: body.hosts_patched, total: body.hosts_total ?? null };
    case 'block':
      return { kind: 'block', reason: body.reason };
    case 'done':
    case 'unblock':
      return { kind: body.action };
    case 'notified':
      return null;
  }
}

export const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v1\/openapi\.json$/,
    auth: false,
    run: () => jsonAnswer(200, buildOpenApiDocument()),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${CAMPAIGN}$`),
    auth: true,
    run: ({ ctx, campaign }) => {
      const view = buildStatusView(campaign, ctx.campaigns.zones(campaign.id), ctx.clock.now(), false, false);
      const named = (zone: { name: string }) => ctx.hosts.countHosts(campaign.id, zone.name) > 0;
      return jsonAnswer(200, toCampaignJson(view, named, campaign.deploymentRestriction ?? null));
    },
  },
  ...SERVED_REPORT_FILES.map(
    (file): Route => ({
      method: 'GET',
      pattern: new RegExp(`^${CAMPAIGN}/${file.path.replace('.', '\\.')}$`),
      auth: true,
      run: async ({ ctx, campaign }) => {
        const { record, now } = await readReportRecord(ctx, campaign);
        return fileAnswer(file.build(record, now));
      },
    }),
  ),
  {
    method: 'POST',
    pattern: new RegExp(`^${CAMPAIGN}/zones$`),
    auth: true,
    body: AddZonesRequest,
    run: async ({ ctx, campaign, who, body }) => {
      const { zones } = body as z.infer<typeof AddZonesRequest>;
      const specs: ZoneSpec[] = zones.map((zone) => ({
        name: zone.name,
        region: zone.region ?? null,
        hosts: zone.hosts_total ?? null,
        hostNames: zone.hosts ?? null,
        window: zone.window ? { start: instant(zone.window.start), end: instant(zone.window.end) } : null,
        owner: zone.owner ?? null,
      }));
      const outcome = await addZoneSpecs(ctx, who, campaign.id, specs);
      return jsonAnswer(outcome.added.length > 0 ? 201 : 200, {
        added: outcome.added,
        skipped: outcome.skipped,
        zones: [...outcome.added, ...outcome.skipped].map((name) => zoneJson(ctx, campaign, name)),
      });
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^${CAMPAIGN}/zones/([^/]+)/actions$`),
    auth: true,
    body: ZoneActionRequest,
    run: async ({ ctx, campaign, who, params, body }) => {
      const zone = params[1] as string;
      const action = toZoneAction(body as z.infer<typeof ZoneActionRequest>);
      const changed =
        action === null
          ? (await recordNotified(ctx, who, { campaign: campaign.id, zone })).changed
          : (await changeZone(ctx, who, { campaign: campaign.id, zone, action })).changed;
      return jsonAnswer(200, { changed, zone: zoneJson(ctx, campaign, zone) });
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^${CAMPAIGN}/zones/([^/]+)/hosts$`),
    auth: true,
    body: HostsRequest,
    run: async ({ ctx, campaign, who, params, body }) => {
      const { patched } = body as z.infer<typeof HostsRequest>;
      const outcome = await reportPatchedHosts(ctx, who, {
        campaign: campaign.id,
        zone: params[1] as string,
        hosts: patched,
      });
      return jsonAnswer(200, {
        newly_patched: outcome.newlyPatched,
        zone: zoneJson(ctx, campaign, outcome.zone.name),
      });
    },
  },
];

/** Where zod found the body wrong, for the 422's message: `zones[0].window.start: Invalid ISO datetime`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path
        .map((part, i) =>
          typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
        )
        .join('');
      return `${path || 'body'}: ${issue.message}`;
    })
    .join('; ');
}

function readBearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

function decodeParams(match: RegExpExecArray): string[] {
  try {
    return match.slice(1).map((part) => decodeURIComponent(part));
  } catch {
    throw new ApiError(404, 'not_found', 'No such path: a part of it is not valid percent-encoding.');
  }
}

function isJson(req: IncomingMessage): boolean {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  return type === 'application/json' || (type?.startsWith('application/') === true && type.endsWith('+json'));
}

/**
 * The HTTP API v1 (PRODUCT.md "HTTP API"): one handler in the bot's route table (src/http/routes.ts),
 * in HTTP and Socket Mode alike. Built before the Bolt app (whose routes are fixed at construction) and bound
 * to the AppContext once that exists.
 */
const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export class HttpApi {
  private ctx: AppContext | null = null;
  /** Requests with an Idempotency-Key being answered now: a concurrent retry waits for the first. */
  private readonly inFlight = new Map<string, Promise<Answer>>();

  /** `routes`: the API's own table; a test may pass its own to probe the dispatch around them. */
  constructor(private readonly table: readonly Route[] = ROUTES) {}

  bind(ctx: AppContext): void {
    this.ctx = ctx;
  }

  /** Entries of the bot's route table: every method on `/api/…`, so this module answers 404 and 405 itself. */
  routes(): HttpRoute[] {
    return API_METHODS.map((method) => ({
      method,
      path: '/api/*',
      handle: (req, res) => this.handle(req, res),
    }));
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.answer(req).then(
      ({ answer, headers }) => send(res, answer, headers),
      (error: unknown) => {
        const known = error instanceof ApiError;
        if (!known) this.ctx?.logger.error('API request failed', error);
        send(
          res,
          errorAnswer(known ? error : new ApiError(400, 'bad_request', 'The request could not be handled.')),
          known && error.status === 413 ? { connection: 'close' } : {},
        );
        // A body cut off at the limit: stop reading it (the client sees the 413 first).
        if (known && error.status === 413) req.destroy();
      },
    );
  }

  private async answer(req: IncomingMessage): Promise<{ answer: Answer; headers: Record<string, string> }> {
    const ctx = this.ctx;
    if (!ctx) throw new ApiError(503, 'starting', 'The bot is starting; try again in a moment.');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const matching = this.table
      .map((route) => ({ route, match: route.pattern.exec(path) }))
      .filter((m) => m.match !== null);
    if (matching.length === 0)
      throw new ApiError(404, 'not_found', `No such path: ${path.slice(0, 200)}. See /api/v1/openapi.json.`);
    const found = matching.find((m) => m.route.method === req.method);
    if (!found?.match) {
      const allow = matching.map((m) => m.route.method).join(', ');
      return {
        answer: errorAnswer(
          new ApiError(405, 'method_not_allowed', `${req.method} is not allowed here; use ${allow}.`),
        ),
        headers: { allow },
      };
    }
    const { route } = found;
    const params = decodeParams(found.match);
    if (!route.auth)
      return { answer: await route.run({ ctx, params } as unknown as Authorized), headers: {} };

    const secret = readBearer(req);
    const token = secret ? authenticateToken(ctx, secret) : null;
    if (!token) {
      throw new ApiError(
        401,
        'unauthorized',
        secret
          ? 'The token is not valid: unknown or revoked. Create one in the war room with `/xsa token create <NAME>`.'
          : 'Send `Authorization: Bearer <token>`; create a token in the war room with `/xsa token create <NAME>`.',
      );
    }
    const campaign = ctx.campaigns.findCampaign(token.campaignId);
    if (!campaign || campaign.id.toLowerCase() !== (params[0] ?? '').toLowerCase()) {
      throw new ApiError(
        403,
        'forbidden',
        `This token belongs to another campaign; it can only be used for its own.`,
      );
    }
    const who: Invocation = {
      userId: token.name,
      channelId: campaign.warRoomChannel,
      tokenCampaign: campaign.id,
    };

    let raw = '';
    let body: unknown;
    if (route.body) {
      if (!isJson(req))
        throw new ApiError(
          415,
          'unsupported_media_type',
          'Send a JSON body with `Content-Type: application/json`.',
        );
      raw = (await readBody(req)).toString('utf8');
      try {
        body = JSON.parse(raw);
      } catch (error) {
        throw new ApiError(
          422,
          'invalid_json',
          `The body is not JSON: ${error instanceof Error ? error.message : 'unreadable'}.`,
        );
      }
      const parsed = route.body.safeParse(body);
      if (!parsed.success) throw new ApiError(422, 'invalid_body', describeIssues(parsed.error));
      body = parsed.data;
    }
    const request: Authorized = { ctx, token, campaign, who, params, body };
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || route.method === 'GET')
      return { answer: await this.run(route, request), headers: {} };
    return this.runOnce(route, request, key, `${route.method} ${path}\n${raw}`);
  }

  /** Runs the use case; its refusals become the documented codes. */
  private async run(route: Route, request: Authorized): Promise<Answer> {
    try {
      return await route.run(request);
    } catch (error) {
      if (error instanceof ApiError) return errorAnswer(error);
      if (error instanceof XsaError) {
        return errorAnswer(new ApiError(STATUS_OF_ERROR[error.code] ?? 409, error.code, error.message));
      }
      throw error;
    }
  }

  /**
   * Rule 8: the first answer to a key is stored and replayed to every retry, so a retried request
   * changes nothing twice and gets the same answer. The same key on a different request is a 422.
   */
  private async runOnce(
    route: Route,
    request: Authorized,
    key: string,
    fingerprint: string,
  ): Promise<{ answer: Answer; headers: Record<string, string> }> {
    const { ctx, token } = request;
    if (key.length === 0 || key.length > 255) {
      throw new ApiError(
        422,
        'bad_idempotency_key',
        'Idempotency-Key must be 1 to 255 characters, e.g. a UUID.',
      );
    }
    const scope = { campaignId: token.campaignId, tokenName: token.name, key };
    const requestHash = createHash('sha256').update(fingerprint).digest('hex');
    const slot = `${scope.campaignId}\u0000${scope.tokenName}\u0000${key}`;
    const pending = this.inFlight.get(slot);
    if (pending) await pending.catch(() => undefined);
    const stored = ctx.api.storedAnswer(scope.campaignId, scope.tokenName, key);
    if (stored) {
      if (stored.requestHash !== requestHash) {
        throw new ApiError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        );
      }
      return {
        answer: { status: stored.status, body: stored.body, contentType: 'application/json; charset=utf-8' },
        headers: { 'idempotent-replayed': 'true' },
      };
    }
    const running = this.run(route, request);
    this.inFlight.set(slot, running);
    try {
      const answer = await running;
      // Only JSON answers reach here: files are GETs, which are safe to repeat and never stored.
      const body = typeof answer.body === 'string' ? answer.body : new TextDecoder().decode(answer.body);
      ctx.api.saveAnswer(scope, { requestHash, status: answer.status, body }, ctx.clock.now());
      return { answer, headers: {} };
    } finally {
      this.inFlight.delete(slot);
    }
  }
}
