import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase } from '../../src/store/database.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { utc } from '../support/instants.js';

/** The outbox's promise (rule 8): one row per dedupe key, and what was sent is never queued again. */

let db: Db;
let outbox: OutboxStore;
beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db);
  outbox = new OutboxStore(db);
});
afterEach(() => {
  db.close();
});

const item = (text: string) => ({
  dedupeKey: 'reminder:XSA-108@2014-10-01T12:00:00.000Z:T-60#CPUBLIC',
  campaignId: null,
  channel: 'CPUBLIC',
  message: { text },
});
const rows = () => db.prepare('SELECT * FROM outbox').all();

describe('OutboxStore.enqueue', () => {
  it('keeps one row per dedupe key: the second enqueue changes nothing and says so', () => {
    expect(outbox.enqueue(item('first'), utc('2014-10-01T11:00Z'))).toBe(true);
    const [first] = rows() as Array<{ id: number }>;
    expect(outbox.enqueue(item('second'), utc('2014-10-01T11:00:02Z'))).toBe(false);
    expect(rows()).toHaveLength(1);
    expect(outbox.find(item('x').dedupeKey)).toMatchObject({ id: first?.id, message: { text: 'first' } });
  });

  it('leaves a sent row sent: the same key queued again after delivery is not posted twice', () => {
    outbox.enqueue(item('first'), utc('2014-10-01T11:00Z'));
    const queued = outbox.find(item('x').dedupeKey);
    if (!queued) throw new Error('not queued');
    outbox.markSending(queued.id);
    outbox.markSent(queued.id, '1412161200.000100', utc('2014-10-01T11:00:01Z'));
    expect(outbox.enqueue(item('again'), utc('2014-10-01T11:05Z'))).toBe(false);
    expect(outbox.find(item('x').dedupeKey)).toMatchObject({
      id: queued.id,
      state: 'sent',
      messageTs: '1412161200.000100',
      message: { text: 'first' },
    });
    expect(outbox.channelHeads()).toEqual([]);
  });
});
