import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import { clip } from '../domain/limits.js';
import type { Campaign, Zone } from '../domain/types.js';
import { recordProgress } from '../domain/zone-rules.js';
import {
  campaignToChange,
  findCampaignFor,
  type Invocation,
  isResponder,
  unknownCampaign,
} from './access.js';

/** How many unknown names an error lists before it only counts the rest. */
const NAMES_IN_ERROR = 20;

function listSome(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_IN_ERROR).join(', ');
  return names.length > NAMES_IN_ERROR ? `${shown} and ${names.length - NAMES_IN_ERROR} more` : shown;
}

function findZone(ctx: AppContext, campaign: Campaign, name: string): Zone {
  const zone = ctx.campaigns.findZone(campaign.id, name);
  if (!zone) throw new XsaError('unknown_zone', `There is no zone \`${clip(name)}\` in this campaign.`);
  return zone;
}

export interface HostsOutcome {
  campaign: Campaign;
  zone: Zone;
  newlyPatched: string[];
  changed: boolean;
}

/**
 * Named hosts reported patched: a host reported twice counts once, an unknown name refuses the
 * whole report (listing the names), and the zone's hosts_patched becomes the distinct count.
 */
export async function reportPatchedHosts(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; zone: string; hosts: readonly string[] },
): Promise<HostsOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  const now = ctx.clock.now();
  return ctx.campaigns.transaction(() => {
    const zone = findZone(ctx, campaign, request.zone);
    const listed = new Map(ctx.hosts.hosts(campaign.id, zone.name).map((h) => [h.host.toLowerCase(), h]));
    if (listed.size === 0) {
      throw new XsaError(
        'no_host_list',
        `Zone ${zone.name} has a host count, not a list of hosts, so hosts can't be reported by name. Report a count with the \`progress\` action instead.`,
      );
    }
    const reported = [...new Map(request.hosts.map((h) => [h.toLowerCase(), h])).keys()];
    const unknown = reported.filter((h) => !listed.has(h));
    if (unknown.length > 0) {
      throw new XsaError(
        'unknown_hosts',
        `${unknown.length} host${unknown.length === 1 ? ' is' : 's are'} not in zone ${zone.name}: ${listSome(unknown)}. Nothing was recorded.`,
      );
    }
    const fresh = reported
      .map((h) => listed.get(h))
      .filter((h): h is { host: string; patched: boolean } => h !== undefined && !h.patched)
      .map((h) => h.host);
    // A done zone counts all its hosts already; a retry after someone clicked Done changes nothing.
    if (fresh.length === 0 || zone.state === 'done') {
      return { campaign, zone, newlyPatched: [], changed: false };
    }
    const before = ctx.hosts.patchedCount(campaign.id, zone.name);
    const change = recordProgress(zone, before + fresh.length, null);
    if (!change.changed) return { campaign, zone, newlyPatched: [], changed: false };
    ctx.hosts.markPatched(campaign.id, zone.name, fresh, who.userId, now);
    ctx.campaigns.updateZone(change.zone);
    ctx.campaigns.appendEvent({
      campaignId: campaign.id,
      zone: zone.name,
      kind: 'zone.hosts_patched',
      actor: who.userId,
      at: now,
      details: { from: before, to: before + fresh.length, hosts: fresh.slice(0, 100), count: fresh.length },
    });
    return { campaign, zone: change.zone, newlyPatched: fresh, changed: true };
  });
}

/**
 * `/xsa hosts <ZONE>`: the zone's hosts not yet reported patched. Host names are the war room's:
 * before the lift, an outsider naming the campaign gets the answer for a missing campaign (rule 2).
 */
export async function getUnpatchedHosts(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; zone: string },
): Promise<{ campaign: Campaign; zone: Zone; named: boolean; left: string[] }> {
  const campaign = await findCampaignFor(ctx, who, request.campaign);
  if (!(await isResponder(ctx, campaign, who.userId).catch(() => false))) {
    if (request.campaign !== null && ctx.clock.now() < campaign.liftAt) {
      throw unknownCampaign(request.campaign);
    }
    throw new XsaError(
      'not_responder',
      'Only responders can read host lists: members of the war room and the admins named in XSA_ADMINS.',
    );
  }
  const zone = findZone(ctx, campaign, request.zone);
  const named = ctx.hosts.countHosts(campaign.id, zone.name) > 0;
  const left = named && zone.state !== 'done' ? ctx.hosts.unpatchedHosts(campaign.id, zone.name) : [];
  return { campaign, zone, named, left };
}
