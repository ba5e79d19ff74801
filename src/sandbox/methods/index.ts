import { authTest } from './auth.js';
import { chatDelete, chatPostEphemeral, chatPostMessage, chatUpdate } from './chat.js';
import { conversationsHistory, conversationsInfo, conversationsMembers } from './conversations.js';
import { filesCompleteUploadExternal, filesGetUploadUrlExternal, filesInfo } from './files.js';
import type { WebApiMethod } from './method.js';
import { pinsAdd, pinsRemove } from './pins.js';
import { usersInfo } from './users.js';
import { viewsOpen, viewsPublish, viewsPush, viewsUpdate } from './views.js';

/** The Web API methods the stand-in serves; any other is answered `unknown_method`, as Slack does. */
export const WEB_API_METHODS: Record<string, WebApiMethod> = {
  'auth.test': authTest,
  'chat.postMessage': chatPostMessage,
  'chat.update': chatUpdate,
  'chat.delete': chatDelete,
  'chat.postEphemeral': chatPostEphemeral,
  'conversations.members': conversationsMembers,
  'conversations.history': conversationsHistory,
  'conversations.info': conversationsInfo,
  'users.info': usersInfo,
  'views.open': viewsOpen,
  'views.push': viewsPush,
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
  'pins.add': pinsAdd,
  'pins.remove': pinsRemove,
  'files.getUploadURLExternal': filesGetUploadUrlExternal,
  'files.completeUploadExternal': filesCompleteUploadExternal,
  'files.info': filesInfo,
};
