import { join } from 'node:path';
import { DateTime } from 'luxon';
import { migrate, openDatabase } from '../src/store/database.js';
import {
  type Bench,
  campaign,
  click,
  command,
  liftIn30Days,
  type Row,
  row,
  type Target,
  timed,
  zoneNames,
} from './support.js';

/**
 * Click storm (`--only storm`): 2,000 progress commands and Done clicks on 200 zones from 50
 * clients, against the same transactions one after another straight on better-sqlite3; then every
 * acknowledged change is looked for, once, in the audit trail.
 */

const OPS = 2_000;
const STORM_ZONES = 200;

/** The operations of one storm: progress with a value unique per zone, then a Done click per zone. */
function stormOps(zones: string[]): Array<{ kind: 'progress' | 'done'; zone: string; value: number }> {
  return Array.from({ length: OPS }, (_, i) => {
    const zone = zones[i % zones.length] as string;
    return i < OPS - zones.length
      ? { kind: 'progress', zone, value: i + 1 }
      : { kind: 'done', zone, value: 0 };
  });
}

async function stormOnBot(bench: Bench, bot: Target, db: ReturnType<typeof openDatabase>, round: number) {
  const id = `STORM-${round}`;
  const zones = await campaign(bench, bot, id, STORM_ZONES, true);
  const eventsBefore = Number(
    db
      .prepare("SELECT COUNT(*) FROM events WHERE campaign_id = ? AND kind IN ('zone.progress','zone.done')")
      .pluck()
      .get(id),
  );
  const ops = stormOps(zones);
  let changed = 0;
  let unchanged = 0; // commands answered without a change: the first three go to the notes
  const started = performance.now();
  await timed(
    ops.map((op) => async () => {
      const response =
        op.kind === 'progress'
          ? await command(bench, bot, `progress ${op.zone} ${op.value} in ${id}`)
          : await click(bench, bot, 'zone_done', `${id}|${op.zone}`);
      if (response.status !== 200) throw new Error(`storm: HTTP ${response.status}`);
      // A command's ack carries its answer; a click's ack is empty and its change is the zone's Done.
      if (op.kind === 'progress' ? response.text.includes(':white_check_mark:') : true) changed += 1;
      else if (++unchanged <= 3)
        bench.notes.push(
          `storm ${id}: \`progress ${op.zone} ${op.value}\` changed nothing: ${response.text.slice(0, 200)}`,
        );
    }),
    50,
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = db
    .prepare(
      "SELECT zone, kind, details FROM events WHERE campaign_id = ? AND kind IN ('zone.progress','zone.done')",
    )
    .all(id) as Array<{ zone: string; kind: string; details: string }>;
  const keys = stored.map(
    (e) =>
      `${e.zone}:${e.kind}:${e.kind === 'zone.progress' ? (JSON.parse(e.details) as { to: number }).to : ''}`,
  );
  const duplicates = keys.length - new Set(keys).size;
  return { seconds, changed, stored: stored.length - eventsBefore, duplicates };
}

/** The floor: the same transactions, one after another, straight on better-sqlite3 (same pragmas). */
function stormOnSqlite(path: string) {
  const db = openDatabase(path);
  migrate(db);
  const now = DateTime.utc().toISO();
  db.prepare(
    "INSERT INTO campaigns (id, lift_at, alias, war_room_channel, created_by, created_at, reminders_armed_at) VALUES ('FLOOR', ?, 'x', 'C', 'U', ?, ?)",
  ).run(liftIn30Days(), now, now);
  const zones = zoneNames(STORM_ZONES);
  const insertZone = db.prepare(
    "INSERT INTO zones (campaign_id, name, position, region, hosts_total, state, started_at) VALUES ('FLOOR', ?, ?, ?, 1000000, 'in_progress', ?)",
  );
  db.transaction(() => {
    for (const [i, z] of zones.entries()) insertZone.run(z, i + 1, z, now);
  })();
  // The bot's transaction for these operations: since #13 a progress or a Done reads only its zone
  // (the other zones are read for a start, for the wave rule), so the floor does not read them either.
  const one = db.prepare("SELECT * FROM zones WHERE campaign_id = 'FLOOR' AND name = ?");
  const progress = db.prepare("UPDATE zones SET hosts_patched = ? WHERE campaign_id = 'FLOOR' AND name = ?");
  const done = db.prepare(
    "UPDATE zones SET state = 'done', done_at = ? WHERE campaign_id = 'FLOOR' AND name = ?",
  );
  const event = db.prepare(
    "INSERT INTO events (campaign_id, zone, kind, actor, at, details) VALUES ('FLOOR', ?, ?, 'U', ?, ?)",
  );
  const started = performance.now();
  for (const op of stormOps(zones)) {
    db.transaction(() => {
      one.get(op.zone);
      const at = new Date().toISOString();
      if (op.kind === 'progress') progress.run(op.value, op.zone);
      else done.run(at, op.zone);
      event.run(
        op.zone,
        `zone.${op.kind}`,
        at,
        JSON.stringify(op.kind === 'progress' ? { to: op.value } : {}),
      );
    }).immediate();
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { seconds };
}

export async function clickStorm(bench: Bench, bot: Target, botDbPath: string): Promise<Row[]> {
  console.log('\nClick storm');
  const rows: Row[] = [];
  const db = openDatabase(botDbPath);
  const botRuns: Array<Awaited<ReturnType<typeof stormOnBot>>> = [];
  const floorRuns: Array<{ seconds: number }> = [];
  for (let round = 0; round < 2; round += 1) {
    botRuns.push(await stormOnBot(bench, bot, db, round));
    floorRuns.push(stormOnSqlite(join(bench.work, `floor-${round}.db`)));
  }
  db.close();
  const best = (runs: Array<{ seconds: number }>) => Math.max(...runs.map((r) => OPS / r.seconds));
  const changed = botRuns.reduce((n, r) => n + r.changed, 0);
  const stored = botRuns.reduce((n, r) => n + r.stored, 0);
  const duplicates = botRuns.reduce((n, r) => n + r.duplicates, 0);
  rows.push(
    row(
      'Click storm (2,000 ops, 200 zones, 50 clients)',
      'throughput, best of 2',
      `${best(botRuns).toFixed(0)} ops/s`,
      `${best(floorRuns).toFixed(0)} ops/s`,
      `runs: ${botRuns.map((r) => (OPS / r.seconds).toFixed(0)).join(', ')} vs ${floorRuns.map((r) => (OPS / r.seconds).toFixed(0)).join(', ')}`,
    ),
  );
  rows.push(
    row(
      'Click storm (2,000 ops, 200 zones, 50 clients)',
      'acknowledged changes / stored events / duplicates',
      `${changed} / ${stored} / ${duplicates}`,
      `${OPS * 2} / ${OPS * 2} / 0`,
      changed === stored && duplicates === 0 ? 'every acknowledged change stored once' : 'MISMATCH',
    ),
  );
  return rows;
}
