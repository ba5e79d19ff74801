import type { WebApiMethod } from './method.js';

/** https://docs.slack.dev/reference/methods/files.getUploadURLExternal */
export const filesGetUploadUrlExternal: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/files.getUploadURLExternal',
  required: ['filename', 'length'],
  optional: ['alt_txt', 'snippet_type'],
  handle: (slack, args) => slack.uploads.answer('files.getUploadURLExternal', args),
};

/** https://docs.slack.dev/reference/methods/files.completeUploadExternal */
export const filesCompleteUploadExternal: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/files.completeUploadExternal',
  required: ['files'],
  optional: ['channel_id', 'channels', 'initial_comment', 'thread_ts', 'blocks'],
  handle: (slack, args) => slack.uploads.answer('files.completeUploadExternal', args),
};

/** https://docs.slack.dev/reference/methods/files.info */
export const filesInfo: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/files.info',
  required: ['file'],
  optional: ['count', 'cursor', 'limit', 'page'],
  handle: (slack, args) => slack.files.info(args),
};
