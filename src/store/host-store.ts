import type { DateTime } from 'luxon';
import type { Db } from './database.js';
import { toStoredInstant } from './instants.js';

/** A zone's hosts by name, for zones given a list; the zone row keeps the counts. */
export class HostStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare<[string, string, string]>(
        'INSERT OR IGNORE INTO zone_hosts (campaign_id, zone, host) VALUES (?, ?, ?)',
      ),
      count: db.prepare<[string, string], number>(
        'SELECT COUNT(*) FROM zone_hosts WHERE campaign_id = ? AND zone = ?',
      ),
      all: db.prepare<[string, string], { host: string; patched_at: string | null }>(
        'SELECT host, patched_at FROM zone_hosts WHERE campaign_id = ? AND zone = ? ORDER BY host',
      ),
      unpatched: db.prepare<[string, string], string>(
        'SELECT host FROM zone_hosts WHERE campaign_id = ? AND zone = ? AND patched_at IS NULL ORDER BY host',
      ),
      patch: db.prepare<[string, string, string, string, string]>(
        'UPDATE zone_hosts SET patched_at = ?, patched_by = ? WHERE campaign_id = ? AND zone = ? AND host = ? AND patched_at IS NULL',
      ),
      patchedCount: db.prepare<[string, string], number>(
        'SELECT COUNT(*) FROM zone_hosts WHERE campaign_id = ? AND zone = ? AND patched_at IS NOT NULL',
      ),
    };
  }

  addHosts(campaignId: string, zone: string, hosts: readonly string[]): void {
    for (const host of hosts) this.statements.insert.run(campaignId, zone, host);
  }

  /** How many hosts the zone lists by name; 0 for a zone with a count only. */
  countHosts(campaignId: string, zone: string): number {
    return this.statements.count.pluck().get(campaignId, zone) ?? 0;
  }

  /** Every listed host, with whether it was reported patched (names as stored, case kept). */
  hosts(campaignId: string, zone: string): { host: string; patched: boolean }[] {
    return this.statements.all
      .all(campaignId, zone)
      .map((row) => ({ host: row.host, patched: row.patched_at !== null }));
  }

  unpatchedHosts(campaignId: string, zone: string): string[] {
    return this.statements.unpatched.pluck().all(campaignId, zone);
  }

  /** Marks the hosts patched; returns how many were not already. */
  markPatched(campaignId: string, zone: string, hosts: readonly string[], by: string, now: DateTime): number {
    let changed = 0;
    for (const host of hosts) {
      changed += this.statements.patch.run(toStoredInstant(now), by, campaignId, zone, host).changes;
    }
    return changed;
  }

  patchedCount(campaignId: string, zone: string): number {
    return this.statements.patchedCount.pluck().get(campaignId, zone) ?? 0;
  }
}
