import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import type { Campaign, Zone } from '../domain/types.js';
import {
  blockZone,
  markNotified,
  markZoneDone,
  recordProgress,
  startZone,
  unblockZone,
  type ZoneChange,
} from '../domain/zone-rules.js';
import { campaignToChange } from './access.js';
import type { CommandOutcome, Invocation } from './campaign-commands.js';

export type ZoneAction =
  | { kind: 'start'; force: boolean }
  | { kind: 'done' }
  | { kind: 'progress'; patched: number; total: number | null }
  | { kind: 'block'; reason: string }
  | { kind: 'unblock' };

export interface ZoneOutcome extends CommandOutcome {
  zone: Zone;
}

function findZone(ctx: AppContext, campaign: Campaign, name: string): Zone {
  const zone = ctx.campaigns.findZone(campaign.id, name);
  if (!zone) {
    throw new XsaError(
      'unknown_zone',
      `There is no zone \`${name}\` in this campaign. \`/xsa status\` lists its zones; \`/xsa zone add ${name}\` adds it.`,
    );
  }
  return zone;
}

function decide(
  action: ZoneAction,
  zone: Zone,
  readZones: () => Zone[],
  campaign: Campaign,
  ctx: AppContext,
  actor: string,
): ZoneChange {
  const now = ctx.clock.now();
  switch (action.kind) {
    case 'start':
      return startZone(zone, { campaign, zones: readZones(), now, actor, force: action.force });
    case 'done':
      return markZoneDone(zone, now);
    case 'progress':
      return recordProgress(zone, action.patched, action.total);
    case 'block':
      return blockZone(zone, action.reason);
    case 'unblock':
      return unblockZone(zone);
  }
}

/**
 * Moves one zone as a responder asked. The rule is decided on the rows read inside the write
 * transaction, so two clicks racing for the same zone change it once and write one audit event.
 */
export async function changeZone(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; zone: string; action: ZoneAction },
): Promise<ZoneOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  return ctx.campaigns.transaction(() => {
    const zone = findZone(ctx, campaign, request.zone);
    // Only a start reads the other zones (the wave rule): reading and parsing a campaign's every
    // zone was the largest cost of a click before its ack (bench/PROFILE.md).
    const readZones = () => ctx.campaigns.zones(campaign.id);
    const change = decide(request.action, zone, readZones, campaign, ctx, who.userId);
    if (change.changed) {
      ctx.campaigns.updateZone(change.zone);
      ctx.campaigns.appendEvent({
        campaignId: campaign.id,
        zone: zone.name,
        kind: change.kind,
        actor: who.userId,
        at: ctx.clock.now(),
        details: change.details,
      });
    }
    return { campaign, zone: change.zone, changed: change.changed, summary: change.summary };
  });
}

/** Before the Block form opens: the clicker may block this zone of this open campaign, and it is not done. */
export async function zoneToBlock(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string; zone: string },
): Promise<{ campaign: Campaign; zone: Zone }> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  const zone = findZone(ctx, campaign, request.zone);
  if (zone.state === 'done')
    throw new XsaError('zone_done', `${zone.name} is already done; it can't be blocked.`);
  return { campaign, zone };
}

/** `/xsa notified <ZONE>|all`: customers of the zone(s) were told now. */
export async function recordNotified(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; zone: string },
): Promise<CommandOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  const now = ctx.clock.now();
  return ctx.campaigns.transaction(() => {
    const zones =
      request.zone.toLowerCase() === 'all'
        ? ctx.campaigns.zones(campaign.id)
        : [findZone(ctx, campaign, request.zone)];
    if (zones.length === 0)
      throw new XsaError('no_zones', 'This campaign has no zones yet. Add them with `/xsa zone add <ZONE>`.');
    const changes = zones.map((zone) => markNotified(zone, now));
    const notified: string[] = [];
    for (const change of changes) {
      if (!change.changed) continue;
      ctx.campaigns.updateZone(change.zone);
      ctx.campaigns.appendEvent({
        campaignId: campaign.id,
        zone: change.zone.name,
        kind: change.kind,
        actor: who.userId,
        at: now,
        details: {},
      });
      notified.push(change.zone.name);
    }
    const summary =
      changes.length === 1 && changes[0]
        ? changes[0].summary
        : notified.length === 0
          ? 'Customers of every zone were already notified; nothing changed.'
          : `Customers notified for ${notified.length} zone${notified.length === 1 ? '' : 's'}${notified.length < changes.length ? ` (${changes.length - notified.length} already were)` : ''}.`;
    return { campaign, changed: notified.length > 0, summary };
  });
}
