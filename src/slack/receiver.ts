import {
  HTTPModuleFunctions,
  HTTPReceiver,
  type HTTPReceiverOptions,
  isValidSlackRequest,
} from '@slack/bolt';
import {
  createRouter,
  type HttpRoute,
  type RouteLogger,
  readBody,
  refuse,
  refuseUnreadBody,
} from '../http/routes.js';

/**
 * Bolt's HTTP receiver behind the bot's route table (src/http/routes.ts): `POST /slack/events`
 * and `routes`; any other method or path gets 404 or 405 there. (Bolt throws
 * HTTPReceiverDeferredRequestError for a path it does not know; thrown inside a promise chain
 * that was an unhandled rejection, which ended the process.) The body is read within the 1 MiB
 * limit before Bolt sees it. Bolt 5 reads `body.ssl_check` from whatever the body parses to,
 * outside any try, so a signed `payload=null` (or a JSON body `null`) was never answered and its
 * unhandled rejection ended the process (rule 9). Such a body, and interactivity Bolt cannot
 * route (see `isReadable`), now gets 401 when its signature is bad and 400 when it is good; every
 * other request goes to Bolt with the body already read (Bolt reuses `req.rawBody`).
 */
export function createHttpReceiver({
  routes,
  ...options
}: Omit<HTTPReceiverOptions, 'endpoints' | 'customRoutes'> & {
  signingSecret: string;
  /** The bot's other routes (`/healthz`, …), beside `POST /slack/events`. */
  routes: readonly HttpRoute[];
}): HTTPReceiver {
  const endpoint = '/slack/events';
  const receiver = new HTTPReceiver({
    // Bolt answers 500 when it throws before any listener acked. Our listeners answer their own
    // errors, so what gets here is a payload Bolt could not read (a block_actions without a user,
    // say): the sender's fault, 400, never a 5xx (rule 9).
    processEventErrorHandler: async ({ error, response, logger }) => {
      if (response.headersSent) {
        logger.error('a listener failed after its ack', error);
        return false;
      }
      logger.warn(`could not process a request: ${error instanceof Error ? error.message : String(error)}`);
      response.writeHead(400).end();
      return false;
    },
    ...options,
    endpoints: endpoint,
  });
  const bolt = receiver.requestListener;
  const slackEvents: HttpRoute = {
    method: 'POST',
    path: endpoint,
    handle: (req, res) => {
      // The wall clock, like Bolt's own check of old timestamps: both judge the same signature.
      if (isFromTheFuture(req.headers['x-slack-request-timestamp'], Date.now())) {
        refuse(res, 401);
        return;
      }
      // Read here, within the 1 MiB limit, before Bolt sees it (Bolt reuses `req.rawBody`).
      readBody(req).then(
        (rawBody) => {
          const buffered = Object.assign(req, { rawBody });
          if (isReadable(buffered)) {
            bolt(buffered, res);
            return;
          }
          const signed = isValidSlackRequest({
            signingSecret: options.signingSecret,
            body: rawBody.toString(),
            headers: {
              'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
              'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
            },
          });
          refuse(res, signed ? 400 : 401);
        },
        (error) => refuseUnreadBody(res, error),
      );
    },
  };
  // The app's logger, once Bolt hands the app over; until then (never, in practice) the console's.
  let logger: RouteLogger = console;
  const init = receiver.init.bind(receiver);
  receiver.init = (app) => {
    logger = app.logger;
    init(app);
  };
  receiver.requestListener = createRouter([slackEvents, ...routes], {
    warn: (...message) => logger.warn(...message),
    error: (...message) => logger.error(...message),
  });
  return receiver;
}

// Slack's rule: a timestamp more than five minutes from local time may be a replay.
const REPLAY_WINDOW_SECONDS = 5 * 60;

/**
 * Bolt refuses timestamps older than five minutes but accepts any in the future, so a request
 * signed with a future timestamp could be replayed until that time has passed: refused too.
 */
function isFromTheFuture(header: string | string[] | undefined, nowMilliseconds: number): boolean {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > nowMilliseconds / 1000 + REPLAY_WINDOW_SECONDS;
}

type Buffered = Awaited<ReturnType<typeof HTTPModuleFunctions.bufferIncomingMessage>>;

/**
 * False for what Slack never sends and Bolt cannot route: a body that parses to null, a number,
 * a string or an array (`payload=[]`, which Bolt would answer 404 only after 3 s), and interactivity without a user or with no action (Bolt would find no listener and
 * answer 404 only after its 3-second timeout).
 */
function isReadable(req: Buffered): boolean {
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(req);
  } catch {
    // Not JSON at all: Bolt answers that with 400 (or 401 unsigned) itself.
    return true;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { type, user, actions, view } = body as Record<string, unknown>;
  const hasUser = typeof (user as { id?: unknown } | null)?.id === 'string';
  if (type === 'block_actions') {
    return (
      hasUser &&
      Array.isArray(actions) &&
      actions.length > 0 &&
      actions.every((a) => typeof (a as { action_id?: unknown } | null)?.action_id === 'string')
    );
  }
  if (type === 'view_submission' || type === 'view_closed') {
    return hasUser && typeof (view as { callback_id?: unknown } | null)?.callback_id === 'string';
  }
  return true;
}
