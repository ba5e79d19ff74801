import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import { clip, isSlackUser, ZONE_NAME_PATTERN } from '../domain/limits.js';
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
import { type CommandOutcome, checkNameKeepsSecret, type Invocation } from './campaign-commands.js';

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
      `There is no zone \`${clip(name)}\` in this campaign. \`/xsa status\` lists its zones${ZONE_NAME_PATTERN.test(name) ? `; \`/xsa zone add ${name}\` adds it` : ''}.`,
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
      return startZone(zone, {
        campaign,
        zones: readZones(),
        now,
        actor: isSlackUser(actor) ? actor : null,
        force: action.force,
      });
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
    if (request.action.kind === 'progress' && ctx.hosts.countHosts(campaign.id, zone.name) > 0) {
      throw new XsaError(
        'named_hosts',
        `${zone.name} lists its hosts by name, so its progress is the hosts reported patched by name (the API's \`hosts\` report); \`/xsa hosts ${zone.name}\` shows the ones left.`,
      );
    }
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

/** True when a zone has anything that removing it would lose: a start, hosts patched, a notice. */
function hasProgress(zone: Zone): boolean {
  return zone.state !== 'pending' || zone.hostsPatched > 0 || zone.notifiedAt !== null;
}

/** `/xsa zone remove <ZONE> [confirm]`: undoes a zone added by mistake; one with progress needs `confirm`. */
export async function removeZone(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; zone: string; confirm: boolean },
): Promise<CommandOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  return ctx.campaigns.transaction(() => {
    const zone = findZone(ctx, campaign, request.zone);
    if (hasProgress(zone) && !request.confirm) {
      const what = [
        zone.state !== 'pending' ? zone.state.replace('_', ' ') : null,
        zone.hostsPatched > 0 ? `${zone.hostsPatched} hosts patched` : null,
        zone.notifiedAt ? 'customers notified' : null,
      ].filter((w) => w !== null);
      return {
        campaign,
        changed: false,
        summary: `${zone.name} has progress (${what.join(', ')}); removing it drops that from the status and the projection (the timeline keeps its events). Run \`/xsa zone remove ${zone.name} confirm\` to remove it.`,
      };
    }
    ctx.campaigns.deleteZone(campaign.id, zone.name);
    ctx.campaigns.appendEvent({
      campaignId: campaign.id,
      zone: zone.name,
      kind: 'zone.removed',
      actor: who.userId,
      at: ctx.clock.now(),
      details: {
        state: zone.state,
        region: zone.region,
        hostsTotal: zone.hostsTotal,
        hostsPatched: zone.hostsPatched,
        startedAt: zone.startedAt?.toISO() ?? null,
        doneAt: zone.doneAt?.toISO() ?? null,
        notifiedAt: zone.notifiedAt?.toISO() ?? null,
      },
    });
    return { campaign, changed: true, summary: `Removed ${zone.name}.` };
  });
}

/** `/xsa zone rename <ZONE> <NEW>`: a zone keeps its state and history under its new name. */
export async function renameZone(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; zone: string; to: string },
): Promise<CommandOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  if (!ZONE_NAME_PATTERN.test(request.to)) {
    throw new XsaError(
      'bad_zone_name',
      `\`${clip(request.to)}\` is not a zone name: use letters, digits and . _ : - (at most 80), e.g. \`us-east-1a\`.`,
    );
  }
  checkNameKeepsSecret(request.to, 'zone', campaign);
  return ctx.campaigns.transaction(() => {
    const zone = findZone(ctx, campaign, request.zone);
    if (zone.name === request.to)
      return { campaign, changed: false, summary: `${zone.name} already has that name.` };
    const taken = ctx.campaigns.findZone(campaign.id, request.to);
    if (taken && taken.name.toLowerCase() !== zone.name.toLowerCase()) {
      throw new XsaError('zone_exists', `There is already a zone ${taken.name} in this campaign.`);
    }
    // A zone named after itself keeps its region name in step; a region shared with others stays.
    if (zone.region === zone.name) ctx.campaigns.updateZone({ ...zone, region: request.to });
    ctx.campaigns.renameZone(campaign.id, zone.name, request.to);
    ctx.campaigns.appendEvent({
      campaignId: campaign.id,
      zone: request.to,
      kind: 'zone.renamed',
      actor: who.userId,
      at: ctx.clock.now(),
      details: { from: zone.name, to: request.to },
    });
    return { campaign, changed: true, summary: `Renamed ${zone.name} to ${request.to}.` };
  });
}
