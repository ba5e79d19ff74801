import type { App, MessageShortcut } from '@slack/bolt';
import { requireCreator, requirePrivateChannel } from '../../../campaigns/access.js';
import type { AppContext } from '../../../context.js';
import { type ParsedAdvisory, parseAdvisory } from '../../../domain/advisory.js';
import { XsaError } from '../../../domain/errors.js';
import { readMessageText } from '../../advisory-source.js';
import { getNewCampaignModal, type NewCampaignPrefill } from '../../blocks/modal-blocks.js';
import { SHORTCUTS } from '../../ids.js';

function toPrefill(advisory: ParsedAdvisory): NewCampaignPrefill {
  const lift = advisory.publicAt?.toUTC();
  return {
    id: advisory.id,
    title: advisory.title,
    cves: advisory.cves,
    lift: lift ? { date: lift.toFormat('yyyy-MM-dd'), time: lift.toFormat('HH:mm') } : null,
    deployment: advisory.deployment,
  };
}

/**
 * "Create campaign from advisory" on a pasted advisory: reads it and opens the New campaign form
 * prefilled. Nothing is created until the form is submitted; an unreadable text gets an ephemeral
 * answer saying what was looked for.
 */
export async function openImportedAdvisory(
  ctx: AppContext,
  client: App['client'],
  shortcut: MessageShortcut,
): Promise<void> {
  const channelId = shortcut.channel.id;
  // As `/xsa new` with no arguments: refused before the form opens, not after it is filled in.
  await requireCreator(ctx, shortcut.user.id);
  // Rule 2: the war room is a private channel, so an advisory is imported only from one.
  await requirePrivateChannel(ctx, channelId);
  const text = await readMessageText(client, ctx.config.slackBotToken, shortcut.message);
  const advisory = parseAdvisory(text);
  const restriction = advisory.deployment.permitted === false ? advisory.deployment.restriction : null;
  const view = getNewCampaignModal(
    { channelId, ...(restriction ? { deploymentRestriction: restriction } : {}) },
    await ctx.directory.userTimeZone(shortcut.user.id),
    toPrefill(advisory),
  );
  await client.views.open({ trigger_id: shortcut.trigger_id, view });
}

export function registerImportAdvisory(app: App, ctx: AppContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: SHORTCUTS.importAdvisory, type: 'message_action' },
    async ({ ack, shortcut, client }) => {
      await ack();
      try {
        await openImportedAdvisory(ctx, client, shortcut);
      } catch (error) {
        const known = error instanceof XsaError;
        if (!known) ctx.logger.error('advisory import failed', error);
        await client.chat
          .postEphemeral({
            channel: shortcut.channel.id,
            user: shortcut.user.id,
            text: `:warning: ${known ? error.message : 'Something went wrong on my side reading this message; nothing was created.'}`,
          })
          .catch((e: unknown) => ctx.logger.warn('could not answer the advisory import', e));
      }
    },
  );
}
