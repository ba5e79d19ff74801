import type { DateTime } from 'luxon';
import type { Db } from './database.js';
import { fromStored, toStoredInstant } from './instants.js';

export interface ApiToken {
  campaignId: string;
  name: string;
  createdBy: string;
  createdAt: DateTime;
  lastUsedAt: DateTime | null;
}

interface TokenRow {
  token_hash: string;
  campaign_id: string;
  name: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: string;
}

const toToken = (row: TokenRow): ApiToken => ({
  campaignId: row.campaign_id,
  name: row.name,
  createdBy: row.created_by,
  createdAt: fromStored(row.created_at),
  lastUsedAt: fromStored(row.last_used_at),
});

/** API tokens (by the SHA-256 of their secret) and the stored answers to idempotent requests. */
export class ApiStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO api_tokens (token_hash, campaign_id, name, created_by, created_at)
         VALUES (@token_hash, @campaign_id, @name, @created_by, @created_at)`,
      ),
      live: db.prepare<[string], TokenRow>(
        'SELECT * FROM api_tokens WHERE campaign_id = ? AND revoked_at IS NULL ORDER BY created_at, name',
      ),
      liveByName: db.prepare<[string, string], TokenRow>(
        'SELECT * FROM api_tokens WHERE campaign_id = ? AND name = ? AND revoked_at IS NULL',
      ),
      byHash: db.prepare<[string], TokenRow>(
        'SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      revoke: db.prepare<[string, string, string]>(
        'UPDATE api_tokens SET revoked_at = ? WHERE campaign_id = ? AND name = ? AND revoked_at IS NULL',
      ),
      used: db.prepare<[string, string]>('UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?'),
      answer: db.prepare<[string, string, string], { request_hash: string; status: number; body: string }>(
        'SELECT request_hash, status, body FROM idempotent_requests WHERE campaign_id = ? AND token_name = ? AND key = ?',
      ),
      saveAnswer: db.prepare(
        `INSERT INTO idempotent_requests (campaign_id, token_name, key, request_hash, status, body, created_at)
         VALUES (@campaign_id, @token_name, @key, @request_hash, @status, @body, @created_at)`,
      ),
    };
  }

  insertToken(hash: string, token: ApiToken): void {
    this.statements.insert.run({
      token_hash: hash,
      campaign_id: token.campaignId,
      name: token.name,
      created_by: token.createdBy,
      created_at: toStoredInstant(token.createdAt),
    });
  }

  liveTokens(campaignId: string): ApiToken[] {
    return this.statements.live.all(campaignId).map(toToken);
  }

  liveToken(campaignId: string, name: string): ApiToken | null {
    const row = this.statements.liveByName.get(campaignId, name);
    return row ? toToken(row) : null;
  }

  /** The live token whose secret hashes to `hash`; revoked tokens are never found. */
  tokenByHash(hash: string): ApiToken | null {
    const row = this.statements.byHash.get(hash);
    return row ? toToken(row) : null;
  }

  revokeToken(campaignId: string, name: string, now: DateTime): boolean {
    return this.statements.revoke.run(toStoredInstant(now), campaignId, name).changes > 0;
  }

  tokenUsed(hash: string, now: DateTime): void {
    this.statements.used.run(toStoredInstant(now), hash);
  }

  storedAnswer(campaignId: string, tokenName: string, key: string): StoredAnswer | null {
    const row = this.statements.answer.get(campaignId, tokenName, key);
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : null;
  }

  saveAnswer(
    scope: { campaignId: string; tokenName: string; key: string },
    answer: StoredAnswer,
    now: DateTime,
  ): void {
    this.statements.saveAnswer.run({
      campaign_id: scope.campaignId,
      token_name: scope.tokenName,
      key: scope.key,
      request_hash: answer.requestHash,
      status: answer.status,
      body: answer.body,
      created_at: toStoredInstant(now),
    });
  }
}
