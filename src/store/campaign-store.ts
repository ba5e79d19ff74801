import type { DateTime } from 'luxon';
import type { AuditEvent, Campaign, Zone, ZoneState } from '../domain/types.js';
import type { Db } from './database.js';
import { fromStored, toStoredInstant } from './instants.js';

interface CampaignRow {
  id: string;
  title: string | null;
  cves: string;
  lift_at: string;
  alias: string;
  war_room_channel: string;
  notice_lead_minutes: number | null;
  wave_size: number;
  zone_duration_minutes: number;
  created_by: string;
  created_at: string;
  closed_at: string | null;
  deployment_restriction: string | null;
}

interface ZoneRow {
  campaign_id: string;
  name: string;
  region: string;
  hosts_total: number | null;
  hosts_patched: number;
  window_start: string | null;
  window_end: string | null;
  state: ZoneState;
  blocked_reason: string | null;
  started_at: string | null;
  done_at: string | null;
  owner: string | null;
  notified_at: string | null;
}

interface EventRow {
  id: number;
  campaign_id: string;
  zone: string | null;
  kind: string;
  actor: string;
  at: string;
  details: string;
}

const storedOrNull = (instant: DateTime | null) => (instant ? toStoredInstant(instant) : null);

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    title: row.title,
    cves: JSON.parse(row.cves) as string[],
    liftAt: fromStored(row.lift_at),
    alias: row.alias,
    warRoomChannel: row.war_room_channel,
    noticeLeadMinutes: row.notice_lead_minutes,
    waveSize: row.wave_size,
    zoneMinutes: row.zone_duration_minutes,
    createdBy: row.created_by,
    createdAt: fromStored(row.created_at),
    closedAt: fromStored(row.closed_at),
    // Only when set: the field is optional, and campaigns without it read back as they were written.
    ...(row.deployment_restriction ? { deploymentRestriction: row.deployment_restriction } : {}),
  };
}

function toZone(row: ZoneRow): Zone {
  return {
    campaignId: row.campaign_id,
    name: row.name,
    region: row.region,
    hostsTotal: row.hosts_total,
    hostsPatched: row.hosts_patched,
    windowStart: fromStored(row.window_start),
    windowEnd: fromStored(row.window_end),
    state: row.state,
    blockedReason: row.blocked_reason,
    startedAt: fromStored(row.started_at),
    doneAt: fromStored(row.done_at),
    owner: row.owner,
    notifiedAt: fromStored(row.notified_at),
  };
}

function toEvent(row: EventRow): AuditEvent {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    zone: row.zone,
    kind: row.kind,
    actor: row.actor,
    at: fromStored(row.at),
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export type NewEvent = Omit<AuditEvent, 'id'>;

/**
 * Campaigns, their zones and their audit events. Callers that change state wrap the change and its
 * event in `transaction`, so neither is ever stored without the other.
 */
export class CampaignStore {
  private readonly commitListeners = new Set<() => void>();
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      campaign: db.prepare<[string], CampaignRow>('SELECT * FROM campaigns WHERE id = ?'),
      openInChannel: db.prepare<[string], CampaignRow>(
        'SELECT * FROM campaigns WHERE war_room_channel = ? AND closed_at IS NULL ORDER BY created_at',
      ),
      open: db.prepare<[], CampaignRow>(
        'SELECT * FROM campaigns WHERE closed_at IS NULL ORDER BY lift_at, id',
      ),
      insertCampaign: db.prepare(
        `INSERT INTO campaigns (id, title, cves, lift_at, alias, war_room_channel, notice_lead_minutes, wave_size, zone_duration_minutes, created_by, created_at, reminders_armed_at, deployment_restriction)
         VALUES (@id, @title, @cves, @lift_at, @alias, @war_room_channel, @notice_lead_minutes, @wave_size, @zone_duration_minutes, @created_by, @created_at, @created_at, @deployment_restriction)`,
      ),
      updateCampaign: db.prepare(
        `UPDATE campaigns SET lift_at = @lift_at, closed_at = @closed_at, notice_lead_minutes = @notice_lead_minutes,
         wave_size = @wave_size, zone_duration_minutes = @zone_duration_minutes, title = @title, alias = @alias
         WHERE id = @id`,
      ),
      zones: db.prepare<[string], ZoneRow>('SELECT * FROM zones WHERE campaign_id = ? ORDER BY position'),
      zone: db.prepare<[string, string], ZoneRow>('SELECT * FROM zones WHERE campaign_id = ? AND name = ?'),
      nextPosition: db.prepare<[string], number>(
        'SELECT COALESCE(MAX(position), 0) + 1 FROM zones WHERE campaign_id = ?',
      ),
      insertZone: db.prepare(
        `INSERT INTO zones (campaign_id, name, position, region, hosts_total, hosts_patched, window_start, window_end, state, owner)
         VALUES (@campaign_id, @name, @position, @region, @hosts_total, @hosts_patched, @window_start, @window_end, @state, @owner)`,
      ),
      updateZone: db.prepare(
        `UPDATE zones SET region = @region, hosts_total = @hosts_total, hosts_patched = @hosts_patched,
           window_start = @window_start, window_end = @window_end, state = @state, blocked_reason = @blocked_reason,
           started_at = @started_at, done_at = @done_at, owner = @owner, notified_at = @notified_at
         WHERE campaign_id = @campaign_id AND name = @name`,
      ),
      insertEvent: db.prepare(
        'INSERT INTO events (campaign_id, zone, kind, actor, at, details) VALUES (@campaign_id, @zone, @kind, @actor, @at, @details)',
      ),
      events: db.prepare<[string], EventRow>('SELECT * FROM events WHERE campaign_id = ? ORDER BY id'),
      inChannel: db.prepare<[string], CampaignRow>(
        'SELECT * FROM campaigns WHERE war_room_channel = ? ORDER BY closed_at DESC, created_at DESC',
      ),
      aliases: db.prepare<[], string>('SELECT alias FROM campaigns'),
      deleteZone: db.prepare('DELETE FROM zones WHERE campaign_id = ? AND name = ?'),
      renameZone: db.prepare('UPDATE zones SET name = ? WHERE campaign_id = ? AND name = ?'),
    };
  }

  /** Runs `work` in one SQLite transaction (IMMEDIATE, so concurrent writers queue instead of failing). */
  transaction<T>(work: () => T): T {
    const result = this.db.transaction(work).immediate();
    // Outermost commit only: a nested call is a savepoint of the enclosing transaction.
    if (!this.db.inTransaction) for (const listener of this.commitListeners) listener();
    return result;
  }

  /**
   * Calls `listener` after each committed `transaction` (the scheduler re-arms its timer: a change
   * may have moved the next due reminder). Returns the function that removes it.
   */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  findCampaign(id: string): Campaign | null {
    const row = this.statements.campaign.get(id);
    return row ? toCampaign(row) : null;
  }

  openCampaignsInChannel(channel: string): Campaign[] {
    return this.statements.openInChannel.all(channel).map(toCampaign);
  }

  /** Every campaign whose war room is `channel`, open or closed, the latest closed first. */
  campaignsInChannel(channel: string): Campaign[] {
    return this.statements.inChannel.all(channel).map(toCampaign);
  }

  /** The aliases in use, lower-cased: a new default alias must differ from each (rule 2, outsiders). */
  aliases(): Set<string> {
    return new Set(
      this.statements.aliases
        .pluck()
        .all()
        .map((a) => String(a).toLowerCase()),
    );
  }

  /** Removes a zone row; its audit events stay (append-only). */
  deleteZone(campaignId: string, name: string): void {
    this.statements.deleteZone.run(campaignId, name);
  }

  renameZone(campaignId: string, from: string, to: string): void {
    this.statements.renameZone.run(to, campaignId, from);
  }

  openCampaigns(): Campaign[] {
    return this.statements.open.all().map(toCampaign);
  }

  insertCampaign(campaign: Campaign): void {
    this.statements.insertCampaign.run({
      id: campaign.id,
      title: campaign.title,
      cves: JSON.stringify(campaign.cves),
      lift_at: toStoredInstant(campaign.liftAt),
      alias: campaign.alias,
      war_room_channel: campaign.warRoomChannel,
      notice_lead_minutes: campaign.noticeLeadMinutes,
      wave_size: campaign.waveSize,
      zone_duration_minutes: campaign.zoneMinutes,
      created_by: campaign.createdBy,
      created_at: toStoredInstant(campaign.createdAt),
      deployment_restriction: campaign.deploymentRestriction ?? null,
    });
  }

  updateCampaign(campaign: Campaign): void {
    this.statements.updateCampaign.run({
      id: campaign.id,
      lift_at: toStoredInstant(campaign.liftAt),
      closed_at: storedOrNull(campaign.closedAt),
      notice_lead_minutes: campaign.noticeLeadMinutes,
      wave_size: campaign.waveSize,
      zone_duration_minutes: campaign.zoneMinutes,
      title: campaign.title,
      alias: campaign.alias,
    });
  }

  zones(campaignId: string): Zone[] {
    return this.statements.zones.all(campaignId).map(toZone);
  }

  findZone(campaignId: string, name: string): Zone | null {
    const row = this.statements.zone.get(campaignId, name);
    return row ? toZone(row) : null;
  }

  insertZone(zone: Zone): void {
    this.statements.insertZone.run({
      campaign_id: zone.campaignId,
      name: zone.name,
      position: this.statements.nextPosition.pluck().get(zone.campaignId),
      region: zone.region,
      hosts_total: zone.hostsTotal,
      hosts_patched: zone.hostsPatched,
      window_start: storedOrNull(zone.windowStart),
      window_end: storedOrNull(zone.windowEnd),
      state: zone.state,
      owner: zone.owner,
    });
  }

  updateZone(zone: Zone): void {
    this.statements.updateZone.run({
      campaign_id: zone.campaignId,
      name: zone.name,
      region: zone.region,
      hosts_total: zone.hostsTotal,
      hosts_patched: zone.hostsPatched,
      window_start: storedOrNull(zone.windowStart),
      window_end: storedOrNull(zone.windowEnd),
      state: zone.state,
      blocked_reason: zone.blockedReason,
      started_at: storedOrNull(zone.startedAt),
      done_at: storedOrNull(zone.doneAt),
      owner: zone.owner,
      notified_at: storedOrNull(zone.notifiedAt),
    });
  }

  appendEvent(event: NewEvent): void {
    this.statements.insertEvent.run({
      campaign_id: event.campaignId,
      zone: event.zone,
      kind: event.kind,
      actor: event.actor,
      at: toStoredInstant(event.at),
      details: JSON.stringify(event.details),
    });
  }

  events(campaignId: string): AuditEvent[] {
    return this.statements.events.all(campaignId).map(toEvent);
  }
}
