import { checkView } from '../src/sandbox/conformance/block-kit.ts';
import { getBlockReasonModal, getNewCampaignModal } from '../src/slack/blocks/modal-blocks.ts';
import * as home from '../src/slack/blocks/home-blocks.ts';
import { DateTime } from 'luxon';
console.log(checkView(getBlockReasonModal({ campaignId: 'XSA-108', zone: 'a', channelId: 'C', responseUrl: null })));
console.log(checkView(getNewCampaignModal({ channelId: 'C' }, 'Europe/Berlin')));
console.log(checkView((home as any).getHomeView([], DateTime.utc())));
