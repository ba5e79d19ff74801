import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import { clip } from '../domain/limits.js';
import type { Campaign } from '../domain/types.js';
import type { ApiToken } from '../store/api-store.js';
import { campaignEvent, campaignToChangeNoOracle, type Invocation } from './access.js';

/**
 * Lower case, so a token's name (the audit actor of its requests) can never be mistaken for a
 * Slack user id, which is upper case.
 */
const TOKEN_NAME = /^[a-z][a-z0-9._-]{0,39}$/;
const TOKEN_PREFIX = 'xsa_';
const MAX_LIVE_TOKENS = 50;

/** What is stored of a token: its SHA-256, never the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function readTokenName(text: string): string {
  const name = text.toLowerCase();
  if (!TOKEN_NAME.test(name)) {
    throw new XsaError(
      'bad_token_name',
      `\`${clip(text)}\` is not a token name: a letter, then letters, digits and . _ - (at most 40), e.g. \`ansible\`.`,
    );
  }
  return name;
}

/** `/xsa token create <NAME>`: a new token for this campaign, returned once and stored as a hash. */
export async function createToken(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; name: string },
): Promise<{ campaign: Campaign; token: string; name: string }> {
  const campaign = await campaignToChangeNoOracle(ctx, who, request.campaign);
  const name = readTokenName(request.name);
  // 32 random bytes: the token is only ever compared by hash, so it must not be guessable.
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock.now();
  ctx.campaigns.transaction(() => {
    if (ctx.api.liveToken(campaign.id, name)) {
      throw new XsaError(
        'token_exists',
        `This campaign already has a token named \`${name}\`. Revoke it first with \`/xsa token revoke ${name}\`, or pick another name.`,
      );
    }
    if (ctx.api.liveTokens(campaign.id).length >= MAX_LIVE_TOKENS) {
      throw new XsaError(
        'too_many_tokens',
        `A campaign has at most ${MAX_LIVE_TOKENS} tokens; revoke one first.`,
      );
    }
    ctx.api.insertToken(hashToken(token), {
      campaignId: campaign.id,
      name,
      createdBy: who.userId,
      createdAt: now,
      lastUsedAt: null,
    });
    ctx.campaigns.appendEvent(campaignEvent(campaign.id, who, now, 'token.created', { name }));
  });
  return { campaign, token, name };
}

/** `/xsa token list`: names, who made them and when, last use. */
export async function listTokens(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null },
): Promise<{ campaign: Campaign; tokens: ApiToken[] }> {
  const campaign = await campaignToChangeNoOracle(ctx, who, request.campaign, { evenClosed: true });
  return { campaign, tokens: ctx.api.liveTokens(campaign.id) };
}

/** `/xsa token revoke <NAME>`: the token stops working with the next request. */
export async function revokeToken(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; name: string },
): Promise<{ campaign: Campaign; changed: boolean; summary: string }> {
  // A closed campaign's tokens can still read it: they can be listed and revoked.
  const campaign = await campaignToChangeNoOracle(ctx, who, request.campaign, { evenClosed: true });
  const name = readTokenName(request.name);
  const now = ctx.clock.now();
  return ctx.campaigns.transaction(() => {
    if (!ctx.api.revokeToken(campaign.id, name, now)) {
      return {
        campaign,
        changed: false,
        summary: `There is no live token named \`${name}\`; nothing changed. \`/xsa token list\` shows them.`,
      };
    }
    ctx.campaigns.appendEvent(campaignEvent(campaign.id, who, now, 'token.revoked', { name }));
    return { campaign, changed: true, summary: `Token \`${name}\` revoked; requests with it now get 401.` };
  });
}

/** The live token a bearer secret belongs to, or null (unknown, revoked, or not one of ours). */
export function authenticateToken(ctx: AppContext, secret: string): ApiToken | null {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const hash = hashToken(secret);
  const token = ctx.api.tokenByHash(hash);
  if (token) ctx.api.tokenUsed(hash, ctx.clock.now());
  return token;
}
