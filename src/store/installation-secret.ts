import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

/**
 * This installation's secret named `name`: 32 random bytes made the first time it is asked for and
 * kept in the database, so it survives restarts (the outbox matches its own earlier posts with it).
 */
export function installationSecret(db: Db, name: string): string {
  db.prepare('INSERT OR IGNORE INTO installation_secrets (name, secret) VALUES (?, ?)').run(
    name,
    randomBytes(32).toString('hex'),
  );
  return db
    .prepare<[string], string>('SELECT secret FROM installation_secrets WHERE name = ?')
    .pluck()
    .get(name) as string;
}
