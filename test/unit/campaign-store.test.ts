import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Campaign, Zone } from '../../src/domain/types.js';
import { CampaignStore, type NewEvent } from '../../src/store/campaign-store.js';
import { type Db, MIGRATIONS_DIR, migrate, openDatabase } from '../../src/store/database.js';
import { toStoredInstant } from '../../src/store/instants.js';
import { campaignFixture, zoneFixture } from '../support/fixtures.js';
import { plain, utc } from '../support/instants.js';

/** XSA-108 with a 48h notice rule, so dropping the rule is a change the store must keep. */
function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return campaignFixture({ noticeLeadMinutes: 48 * 60, ...overrides });
}

function event(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    campaignId: 'XSA-108',
    zone: 'us-east-1a',
    kind: 'zone.started',
    actor: 'U0ALICE',
    at: utc('2014-09-26T02:00Z'),
    details: {},
    ...overrides,
  };
}

describe('migrate', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('applies every migration once and records its version; a second run applies nothing', () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const expected = files.map((name) => ({ version: Number(name.slice(0, 4)), name }));
    expect(expected.slice(0, 2)).toEqual([
      { version: 1, name: '0001_init.sql' },
      { version: 2, name: '0002_reminders_outbox.sql' },
    ]);
    expect(migrate(db)).toEqual(expected);
    expect(migrate(db)).toEqual([]);
    const recorded = db
      .prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')
      .all();
    expect(recorded).toEqual(expected.map((m) => ({ ...m, applied_at: expect.any(String) })));
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(expect.arrayContaining(['campaigns', 'events', 'schema_migrations', 'zones']));
  });

  describe('with a folder of its own', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'xsa-migrations-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('applies files in version order, ignores other files, and only the new ones later', () => {
      writeFileSync(join(dir, '0002_second.sql'), 'CREATE TABLE second (id INTEGER);');
      writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE first (id INTEGER);');
      writeFileSync(join(dir, 'README.md'), 'not a migration');
      writeFileSync(join(dir, '3_bad_name.sql'), 'CREATE TABLE never (id INTEGER);');
      expect(migrate(db, dir).map((m) => m.version)).toEqual([1, 2]);
      writeFileSync(join(dir, '0003_third.sql'), 'CREATE TABLE third (id INTEGER);');
      expect(migrate(db, dir)).toEqual([{ version: 3, name: '0003_third.sql' }]);
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([
        1, 2, 3,
      ]);
    });

    it('a failing migration leaves no trace: neither its tables nor its version', () => {
      writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE first (id INTEGER);');
      writeFileSync(join(dir, '0002_broken.sql'), 'CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;');
      expect(() => migrate(db, dir)).toThrow();
      expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").all()).toEqual([]);
    });
  });
});

describe('openDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xsa-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('turns foreign keys on, waits when busy and syncs fully', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('uses WAL on a file, creating missing folders', () => {
    const db = openDatabase(join(dir, 'nested', 'xsa.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a zone or an event of a campaign that does not exist', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const store = new CampaignStore(db);
    expect(() => store.insertZone(zoneFixture('us-east-1a', { campaignId: 'XSA-999' }))).toThrow(
      /FOREIGN KEY/,
    );
    expect(() => store.appendEvent(event({ campaignId: 'XSA-999' }))).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('CampaignStore', () => {
  let db: Db;
  let store: CampaignStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db);
    store = new CampaignStore(db);
  });
  afterEach(() => db.close());

  describe('campaigns', () => {
    it.each(['XSA-108', 'xsa-108', 'Xsa-108'])('finds XSA-108 as %s', (id) => {
      store.insertCampaign(campaign());
      expect(plain(store.findCampaign(id) ?? {})).toEqual(plain(campaign()));
    });

    it('finds nothing for an unknown id', () => {
      store.insertCampaign(campaign());
      expect(store.findCampaign('XSA-109')).toBeNull();
    });

    it('refuses a second campaign whose id differs only in case', () => {
      store.insertCampaign(campaign());
      expect(() => store.insertCampaign(campaign({ id: 'xsa-108' }))).toThrow(/UNIQUE/);
    });

    it('round-trips a campaign with no title, no CVEs and no notice rule', () => {
      const bare = campaign({ id: 'XSA-109', title: null, cves: [], noticeLeadMinutes: null, waveSize: 3 });
      store.insertCampaign(bare);
      expect(plain(store.findCampaign('XSA-109') ?? {})).toEqual(plain(bare));
    });

    it('returns instants in UTC, whatever zone they were given in', () => {
      const berlin = DateTime.fromISO('2014-10-01T14:00', { zone: 'Europe/Berlin' });
      store.insertCampaign(campaign({ liftAt: berlin }));
      const lift = store.findCampaign('XSA-108')?.liftAt;
      expect(lift?.zoneName).toBe('UTC');
      expect(lift?.toISO()).toBe('2014-10-01T12:00:00.000Z');
      expect(toStoredInstant(berlin)).toBe('2014-10-01T12:00:00.000Z');
    });

    it.each([
      {
        label: 'lift moved, notice dropped, wave widened, closed',
        changes: {
          liftAt: utc('2014-10-01T11:00Z'),
          noticeLeadMinutes: null,
          waveSize: 2,
          closedAt: utc('2014-10-03T09:30Z'),
        },
      },
      { label: 'reopened (closed at back to null)', changes: { closedAt: null, noticeLeadMinutes: 24 * 60 } },
    ] satisfies { label: string; changes: Partial<Campaign> }[])(
      'updates the changeable fields: $label',
      ({ changes }) => {
        store.insertCampaign(campaign());
        store.updateCampaign(campaign({ closedAt: utc('2014-10-02T00:00Z') }));
        expect(store.findCampaign('XSA-108')?.closedAt?.toISO()).toBe('2014-10-02T00:00:00.000Z');
        const updated = { ...campaign(), ...changes };
        store.updateCampaign(updated);
        expect(plain(store.findCampaign('XSA-108') ?? {})).toEqual(plain(updated));
      },
    );

    it('lists open campaigns by lift, and the open ones of a war room', () => {
      store.insertCampaign(campaign({ id: 'XSA-110', liftAt: utc('2014-10-20T12:00Z') }));
      store.insertCampaign(campaign({ id: 'XSA-108' }));
      store.insertCampaign(
        campaign({ id: 'XSA-109', warRoomChannel: 'C0OTHER', liftAt: utc('2014-10-08T12:00Z') }),
      );
      // insertCampaign writes a new, open campaign; closing is an update.
      store.insertCampaign(campaign({ id: 'XSA-107' }));
      store.updateCampaign(campaign({ id: 'XSA-107', closedAt: utc('2014-09-30T00:00Z') }));
      expect(store.openCampaigns().map((c) => c.id)).toEqual(['XSA-108', 'XSA-109', 'XSA-110']);
      expect(store.openCampaignsInChannel('C0WARROOM').map((c) => c.id)).toEqual(['XSA-110', 'XSA-108']);
    });
  });

  describe('zones', () => {
    beforeEach(() => {
      store.insertCampaign(campaign());
      store.insertCampaign(campaign({ id: 'XSA-109' }));
    });

    it('keep the order they were added in, per campaign', () => {
      for (const name of ['us-east-1c', 'eu-west-1b', 'us-east-1a']) store.insertZone(zoneFixture(name));
      store.insertZone(zoneFixture('dal05', { campaignId: 'XSA-109' }));
      store.insertZone(zoneFixture('eu-west-1a'));
      expect(store.zones('XSA-108').map((z) => z.name)).toEqual([
        'us-east-1c',
        'eu-west-1b',
        'us-east-1a',
        'eu-west-1a',
      ]);
      expect(store.zones('XSA-109').map((z) => z.name)).toEqual(['dal05']);
      expect(store.zones('XSA-110')).toEqual([]);
    });

    it('are found by name case-insensitively, and a name is unique in its campaign only', () => {
      store.insertZone(zoneFixture('us-east-1a'));
      store.insertZone(zoneFixture('us-east-1a', { campaignId: 'XSA-109' }));
      expect(store.findZone('XSA-108', 'US-EAST-1A')?.name).toBe('us-east-1a');
      expect(store.findZone('XSA-108', 'us-east-1b')).toBeNull();
      expect(() => store.insertZone(zoneFixture('US-East-1A'))).toThrow(/UNIQUE/);
    });

    it('round-trip a new zone as added', () => {
      const added = zoneFixture('us-east-1a', {
        region: 'us-east-1',
        hostsTotal: 400,
        windowStart: utc('2014-09-26T02:00Z'),
        windowEnd: utc('2014-09-26T08:00Z'),
        owner: 'U0OPS',
      });
      store.insertZone(added);
      expect(plain(store.findZone('XSA-108', 'us-east-1a') ?? {})).toEqual(plain(added));
    });

    it.each([
      {
        label: 'every field set',
        next: {
          region: 'us-east-1',
          hostsTotal: 400,
          hostsPatched: 120,
          windowStart: utc('2014-09-26T02:00Z'),
          windowEnd: utc('2014-09-26T08:00Z'),
          state: 'blocked',
          blockedReason: 'BMC firmware',
          startedAt: utc('2014-09-26T02:05Z'),
          doneAt: utc('2014-09-26T07:59Z'),
          owner: 'U0OPS',
          notifiedAt: utc('2014-09-24T00:00Z'),
        },
      },
      {
        label: 'every nullable field back to null',
        next: {
          region: 'us-east-1a',
          hostsTotal: null,
          hostsPatched: 0,
          windowStart: null,
          windowEnd: null,
          state: 'pending',
          blockedReason: null,
          startedAt: null,
          doneAt: null,
          owner: null,
          notifiedAt: null,
        },
      },
    ] satisfies { label: string; next: Partial<Zone> }[])('update round-trips $label', ({ next }) => {
      store.insertZone(
        zoneFixture('us-east-1a', {
          hostsTotal: 10,
          windowStart: utc('2014-09-25T00:00Z'),
          windowEnd: utc('2014-09-25T06:00Z'),
          owner: 'U0BOB',
        }),
      );
      // Start from a zone with every field set, so going back to null is a real change.
      const full = zoneFixture('us-east-1a', {
        region: 'r',
        hostsTotal: 10,
        hostsPatched: 10,
        windowStart: utc('2014-09-25T00:00Z'),
        windowEnd: utc('2014-09-25T06:00Z'),
        state: 'done',
        blockedReason: 'old',
        startedAt: utc('2014-09-25T00:00Z'),
        doneAt: utc('2014-09-25T05:00Z'),
        owner: 'U0BOB',
        notifiedAt: utc('2014-09-23T00:00Z'),
      });
      store.updateZone(full);
      expect(plain(store.findZone('XSA-108', 'us-east-1a') ?? {})).toEqual(plain(full));
      const updated = { ...full, ...next };
      store.updateZone(updated);
      expect(plain(store.findZone('XSA-108', 'us-east-1a') ?? {})).toEqual(plain(updated));
      expect(store.zones('XSA-108')).toHaveLength(1);
    });
  });

  describe('events', () => {
    beforeEach(() => {
      store.insertCampaign(campaign());
      store.insertZone(zoneFixture('us-east-1a'));
    });

    it('come back in the order they were appended, with their details', () => {
      store.appendEvent(event({ zone: null, kind: 'campaign.created', at: utc('2014-09-24T00:00Z') }));
      store.appendEvent(event({ details: { force: true, overrode: ['wave'], reasons: ['busy'] } }));
      store.appendEvent(event({ kind: 'zone.done', at: utc('2014-09-26T07:59Z') }));
      const events = store.events('XSA-108');
      expect(events.map((e) => e.id)).toEqual([1, 2, 3]);
      expect(events.map((e) => plain(e))).toEqual([
        { ...plain(event({ zone: null, kind: 'campaign.created', at: utc('2014-09-24T00:00Z') })), id: 1 },
        { ...plain(event({ details: { force: true, overrode: ['wave'], reasons: ['busy'] } })), id: 2 },
        { ...plain(event({ kind: 'zone.done', at: utc('2014-09-26T07:59Z') })), id: 3 },
      ]);
      expect(store.events('XSA-109')).toEqual([]);
    });

    it.each([
      { label: 'UPDATE', sql: "UPDATE events SET actor = 'U0MALLORY'" },
      { label: 'UPDATE of one row', sql: "UPDATE events SET details = '{}' WHERE id = 1" },
      { label: 'DELETE', sql: 'DELETE FROM events' },
      { label: 'DELETE of one row', sql: 'DELETE FROM events WHERE id = 1' },
    ])('are append-only: $label throws and changes nothing', ({ sql }) => {
      store.appendEvent(event());
      expect(() => db.prepare(sql).run()).toThrow(/append-only/);
      expect(store.events('XSA-108').map((e) => e.actor)).toEqual(['U0ALICE']);
    });
  });

  describe('transaction', () => {
    beforeEach(() => {
      store.insertCampaign(campaign());
      store.insertZone(zoneFixture('us-east-1a'));
    });
    const started = () =>
      zoneFixture('us-east-1a', {
        state: 'in_progress',
        startedAt: utc('2014-09-26T02:00Z'),
        owner: 'U0ALICE',
      });

    it('keeps both the change and its event, and returns what the work returned', () => {
      const result = store.transaction(() => {
        store.updateZone(started());
        store.appendEvent(event());
        return 'started';
      });
      expect(result).toBe('started');
      expect(store.findZone('XSA-108', 'us-east-1a')?.state).toBe('in_progress');
      expect(store.events('XSA-108')).toHaveLength(1);
    });

    it('rolls back both the zone change and the event when the work throws', () => {
      expect(() =>
        store.transaction(() => {
          store.updateZone(started());
          store.appendEvent(event());
          throw new Error('Slack said no');
        }),
      ).toThrow('Slack said no');
      expect(plain(store.findZone('XSA-108', 'us-east-1a') ?? {})).toEqual(plain(zoneFixture('us-east-1a')));
      expect(store.events('XSA-108')).toEqual([]);
    });

    it('rolls back the zone change when the event cannot be written', () => {
      expect(() =>
        store.transaction(() => {
          store.updateZone(started());
          store.appendEvent(event({ campaignId: 'XSA-999' }));
        }),
      ).toThrow(/FOREIGN KEY/);
      expect(store.findZone('XSA-108', 'us-east-1a')?.state).toBe('pending');
    });
  });
});

describe('a campaign on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xsa-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('survives closing and reopening the database file', () => {
    const path = join(dir, 'xsa.db');
    const first = openDatabase(path);
    expect(migrate(first).length).toBeGreaterThan(0);
    const before = new CampaignStore(first);
    const zones = [
      zoneFixture('us-east-1a', {
        region: 'us-east-1',
        hostsTotal: 400,
        hostsPatched: 400,
        state: 'done',
        startedAt: utc('2014-09-26T02:00Z'),
        doneAt: utc('2014-09-26T08:00Z'),
        owner: 'U0OPS',
        notifiedAt: utc('2014-09-24T00:00Z'),
      }),
      zoneFixture('eu-west-1a', {
        region: 'eu-west-1',
        hostsTotal: 300,
        state: 'blocked',
        blockedReason: 'BMC firmware',
      }),
      zoneFixture('us-east-1b', { region: 'us-east-1', hostsTotal: 400 }),
    ];
    before.transaction(() => {
      before.insertCampaign(campaign());
      for (const z of zones) {
        before.insertZone(z);
        before.updateZone(z);
      }
      before.appendEvent(event({ zone: null, kind: 'campaign.created', at: utc('2014-09-24T00:00Z') }));
      before.appendEvent(
        event({ kind: 'zone.done', at: utc('2014-09-26T08:00Z'), details: { by: 'button' } }),
      );
    });
    first.close();

    const second = openDatabase(path);
    expect(migrate(second)).toEqual([]);
    const after = new CampaignStore(second);
    expect(plain(after.findCampaign('xsa-108') ?? {})).toEqual(plain(campaign()));
    expect(after.zones('XSA-108').map((z) => plain(z))).toEqual(zones.map((z) => plain(z)));
    expect(after.events('XSA-108').map((e) => [e.id, e.kind, e.zone, e.at.toISO(), e.details])).toEqual([
      [1, 'campaign.created', null, '2014-09-24T00:00:00.000Z', {}],
      [2, 'zone.done', 'us-east-1a', '2014-09-26T08:00:00.000Z', { by: 'button' }],
    ]);
    second.close();
  });
});
