import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import {
  clip,
  HOST_NAME_PATTERN,
  MAX_HOST_NAME,
  MAX_HOSTS_PER_ZONE,
  MAX_ZONE_NAME,
  MAX_ZONES,
  ZONE_NAME_PATTERN,
} from '../domain/limits.js';
import type { Campaign, Zone } from '../domain/types.js';
import { campaignToChange, type Invocation } from './access.js';
import { type CommandOutcome, checkNameKeepsSecret } from './campaign-commands.js';
import { readTime } from './read-time.js';

export interface AddZonesRequest {
  campaign: string | null;
  names: string[];
  region: string | null;
  hosts: number | null;
  window: string | null;
  /** Told when the zone's window opens; otherwise whoever starts the zone becomes its owner. */
  owner: string | null;
}

/** Splits `A/B` where each side is a time that may itself contain a zone like Europe/Berlin. */
function splitWindow(text: string): [string, string] {
  const parts = text.split(/\/(?=\s*\d{4}-\d{2}-\d{2})/);
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new XsaError(
      'bad_window',
      `\`${clip(text)}\` is not a window. Expected \`window <TIME>/<TIME>\`, e.g. \`window 2014-09-26T02:00Z/2014-09-26T10:00Z\`.`,
    );
  }
  return [parts[0].trim(), parts[1].trim()];
}

/** One zone to add, as the API describes it; `/xsa zone add` gives several names the same options. */
export interface ZoneSpec {
  name: string;
  region: string | null;
  /** A count only; ignored when `hostNames` is given. */
  hosts: number | null;
  /** The zone's hosts by name (named hosts): its host count is their number. */
  hostNames?: readonly string[] | null;
  window: { start: DateTime; end: DateTime } | null;
  owner: string | null;
}

/** `/xsa zone add`: adds zones; names already in the campaign are left as they are and reported. */
export async function addZones(
  ctx: AppContext,
  who: Invocation,
  request: AddZonesRequest,
): Promise<CommandOutcome> {
  let window: ZoneSpec['window'] = null;
  if (request.window !== null) {
    const [from, to] = splitWindow(request.window);
    window = {
      start: (await readTime(ctx, from, who.userId)).instant,
      end: (await readTime(ctx, to, who.userId)).instant,
    };
  }
  const specs = request.names.map((name) => ({
    name,
    region: request.region,
    hosts: request.hosts,
    window,
    owner: request.owner,
  }));
  return addZoneSpecs(ctx, who, request.campaign, specs);
}

function checkZoneSpec(spec: ZoneSpec, campaign: Pick<Campaign, 'id' | 'cves'>): void {
  checkNameKeepsSecret(spec.name, 'zone', campaign);
  if (spec.region !== null) checkNameKeepsSecret(spec.region, 'region', campaign);
  if (!ZONE_NAME_PATTERN.test(spec.name)) {
    throw new XsaError(
      'bad_zone_name',
      `\`${clip(spec.name)}\` is not a zone name: use letters, digits and . _ : - (at most ${MAX_ZONE_NAME}), e.g. \`us-east-1a\`.`,
    );
  }
  if (spec.region !== null && !ZONE_NAME_PATTERN.test(spec.region)) {
    throw new XsaError(
      'bad_region',
      `\`${clip(spec.region)}\` is not a region name: use letters, digits and . _ : -, e.g. \`us-east-1\`.`,
    );
  }
  if (spec.window && spec.window.end <= spec.window.start) {
    throw new XsaError('bad_window', 'The window ends before it starts. Expected `window <START>/<END>`.');
  }
  if (spec.hostNames) {
    const bad = spec.hostNames.find((host) => !HOST_NAME_PATTERN.test(host));
    if (bad !== undefined) {
      throw new XsaError(
        'bad_host_name',
        `\`${clip(bad)}\` in zone ${spec.name} is not a host name: letters, digits and . _ : - (at most ${MAX_HOST_NAME}), e.g. \`hv-0042.us-east-1a\`.`,
      );
    }
    if (spec.hostNames.length > MAX_HOSTS_PER_ZONE) {
      throw new XsaError('too_many_hosts', `A zone lists at most ${MAX_HOSTS_PER_ZONE} hosts by name.`);
    }
  }
}

/** A zone as added: pending, its region its own name unless given; a host named twice is one host. */
function newZone(campaignId: string, spec: ZoneSpec): { zone: Zone; hostNames: string[] | null } {
  const hostNames = spec.hostNames
    ? [...new Map(spec.hostNames.map((h) => [h.toLowerCase(), h])).values()]
    : null;
  const zone: Zone = {
    campaignId,
    name: spec.name,
    region: spec.region ?? spec.name,
    hostsTotal: hostNames ? hostNames.length : spec.hosts,
    hostsPatched: 0,
    windowStart: spec.window?.start ?? null,
    windowEnd: spec.window?.end ?? null,
    state: 'pending',
    blockedReason: null,
    startedAt: null,
    doneAt: null,
    owner: spec.owner,
    notifiedAt: null,
  };
  return { zone, hostNames };
}

/** Adds zones in one transaction: all of them, or (on an error) none. */
export async function addZoneSpecs(
  ctx: AppContext,
  who: Invocation,
  campaignName: string | null,
  specs: readonly ZoneSpec[],
): Promise<CommandOutcome & { added: string[]; skipped: string[] }> {
  const campaign = await campaignToChange(ctx, who, campaignName);
  for (const spec of specs) checkZoneSpec(spec, campaign);
  const now = ctx.clock.now();
  const unique = [...new Map(specs.map((spec) => [spec.name.toLowerCase(), spec])).values()];
  const added: string[] = [];
  const skipped: string[] = [];
  ctx.campaigns.transaction(() => {
    const existing = new Set(ctx.campaigns.zones(campaign.id).map((z) => z.name.toLowerCase()));
    const fresh = unique.filter((spec) => !existing.has(spec.name.toLowerCase()));
    if (existing.size + fresh.length > MAX_ZONES) {
      throw new XsaError(
        'too_many_zones',
        `A campaign holds at most ${MAX_ZONES} zones; this would make ${existing.size + fresh.length}.`,
      );
    }
    for (const spec of unique) {
      const name = spec.name;
      if (existing.has(name.toLowerCase())) {
        skipped.push(name);
        continue;
      }
      const { zone, hostNames } = newZone(campaign.id, spec);
      ctx.campaigns.insertZone(zone);
      if (hostNames) ctx.hosts.addHosts(campaign.id, name, hostNames);
      ctx.campaigns.appendEvent({
        campaignId: campaign.id,
        zone: name,
        kind: 'zone.added',
        actor: who.userId,
        at: now,
        details: {
          region: zone.region,
          hostsTotal: zone.hostsTotal,
          ...(hostNames ? { namedHosts: true } : {}),
          windowStart: zone.windowStart?.toISO() ?? null,
          windowEnd: zone.windowEnd?.toISO() ?? null,
          owner: spec.owner,
        },
      });
      added.push(name);
    }
  });
  const parts = [];
  if (added.length > 0)
    parts.push(`Added ${added.length} zone${added.length === 1 ? '' : 's'}: ${added.join(', ')}.`);
  if (skipped.length > 0) parts.push(`Already there, left as they are: ${skipped.join(', ')}.`);
  return { campaign, changed: added.length > 0, summary: parts.join(' '), added, skipped };
}
