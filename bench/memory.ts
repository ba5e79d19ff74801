import { join } from 'node:path';
import { DateTime } from 'luxon';
import { migrate, openDatabase } from '../src/store/database.js';
import { killBot } from '../test/support/bot-process.js';
import {
  type Bench,
  command,
  mib,
  ms,
  ROUNDS,
  type Row,
  row,
  rssOf,
  SEED_CAMPAIGNS,
  sleep,
  spawnTarget,
  summary,
} from './support.js';

/**
 * Memory and start-up (`--only memory`): the bot's RSS idle on an empty database and on 100
 * campaigns × 200 zones, and its start-up on an empty database and on a year of audit events,
 * beside bare Bolt's; no server-timing preload here.
 */

/** A database with `campaigns` × `zones`, and `eventsPerZone` audit events each, written straight to SQLite. */
function seed(path: string, campaigns: number, zones: number, eventsPerZone: number, open: boolean): number {
  const db = openDatabase(path);
  migrate(db);
  const start = DateTime.utc().minus({ years: 1 });
  const insertCampaign = db.prepare(
    'INSERT INTO campaigns (id, lift_at, alias, war_room_channel, created_by, created_at, closed_at, reminders_armed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertZone = db.prepare(
    'INSERT INTO zones (campaign_id, name, position, region, hosts_total, hosts_patched, state, started_at, done_at) VALUES (?, ?, ?, ?, 500, ?, ?, ?, ?)',
  );
  const insertEvent = db.prepare(
    "INSERT INTO events (campaign_id, zone, kind, actor, at, details) VALUES (?, ?, ?, 'UALICE', ?, ?)",
  );
  let events = 0;
  db.transaction(() => {
    for (let c = 0; c < campaigns; c += 1) {
      const id = `SEED-${c}`;
      const created = start.plus({ days: (c * 365) / campaigns });
      const lift = open ? DateTime.utc().plus({ days: 20 }) : created.plus({ days: 7 });
      insertCampaign.run(
        id,
        lift.toISO(),
        'Scheduled host maintenance',
        `CSEED${c}`,
        'UALICE',
        created.toISO(),
        open ? null : lift.toISO(),
        created.toISO(),
      );
      for (let z = 0; z < zones; z += 1) {
        const name = `dc-${z}`;
        const done = !open || z % 3 === 0;
        insertZone.run(
          id,
          name,
          z + 1,
          `r${z % 10}`,
          done ? 500 : 0,
          done ? 'done' : 'pending',
          done ? created.toISO() : null,
          done ? created.plus({ days: 1 }).toISO() : null,
        );
        for (let e = 0; e < eventsPerZone; e += 1) {
          insertEvent.run(
            id,
            name,
            e === 0 ? 'zone.added' : 'zone.progress',
            created.plus({ minutes: e }).toISO(),
            JSON.stringify({ from: e - 1, to: e }),
          );
          events += 1;
        }
      }
    }
  })();
  db.close();
  return events;
}

export async function memoryAndStartup(bench: Bench): Promise<Row[]> {
  console.log('\nMemory and start-up');
  const rows: Row[] = [];
  const emptyDb = join(bench.work, 'empty.db');
  const bigDb = join(bench.work, 'big.db');
  const yearDb = join(bench.work, 'year.db');
  seed(bigDb, SEED_CAMPAIGNS, 200, 1, true);
  const yearEvents = seed(yearDb, 52, 200, 25, false);
  const startTimes: Record<string, number[]> = { empty: [], year: [], bare: [] };
  const rss: Record<string, number[]> = { empty: [], big: [], bare: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, kind, db] of [
      ['empty', 'bot', emptyDb],
      ['year', 'bot', yearDb],
      ['bare', 'bare', emptyDb],
    ] as const) {
      const target = await spawnTarget(bench, kind, db);
      startTimes[name]?.push(target.startMs);
      if (name !== 'year') {
        await sleep(4_000); // two scheduler ticks
        rss[name]?.push(rssOf(target.process.pid));
      }
      await killBot(target.process, 'SIGTERM');
    }
    const big = await spawnTarget(bench, 'bot', bigDb);
    await sleep(4_000);
    // The scheduler has rendered every campaign's countdown; then 20 status requests on 200 zones.
    for (let i = 0; i < 20; i += 1) {
      const response = await command(bench, big, `status SEED-${i}`);
      if (!response.text.includes('SEED-'))
        throw new Error(`status SEED-${i}: ${response.text.slice(0, 200)}`);
    }
    rss.big?.push(rssOf(big.process.pid));
    await killBot(big.process, 'SIGTERM');
  }
  const median = (xs: number[] | undefined) => summary(xs ?? []).p50;
  rows.push(
    row(
      'Memory (RSS, median of 3)',
      'idle, empty database',
      mib(median(rss.empty)),
      `${mib(median(rss.bare))} (bare Bolt)`,
    ),
  );
  rows.push(
    row(
      'Memory (RSS, median of 3)',
      'idle, 100 campaigns × 200 zones, after 20 status requests',
      mib(median(rss.big)),
      `${mib(median(rss.empty))} (bot, empty)`,
    ),
  );
  rows.push(
    row(
      'Start-up (spawn → 200 from /healthz, median of 3)',
      'empty database',
      ms(median(startTimes.empty)),
      `${ms(median(startTimes.bare))} (bare Bolt)`,
    ),
  );
  rows.push(
    row(
      'Start-up (spawn → 200 from /healthz, median of 3)',
      `a year of audit events (${yearEvents.toLocaleString('en-US')} events, 52 campaigns)`,
      ms(median(startTimes.year)),
      `${ms(median(startTimes.empty))} (bot, empty)`,
    ),
  );
  return rows;
}
