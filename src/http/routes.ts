import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';

/**
 * The bot's own HTTP surface in one table: every request is matched against it, and what no route
 * takes gets 404 (unknown path) or 405 (known path, other method) — never an exception, so no
 * request of any shape can end the process (interface contract). Add a route (`/metrics`,
 * `/api/v1/…`) by adding an entry; read a body with `readBody`, which enforces the 1 MiB limit.
 */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** An exact path, or a prefix ending in `/*` (`/api/v1/*`). */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export interface RouteLogger {
  warn(...message: unknown[]): void;
  error(...message: unknown[]): void;
}

/** The interface contract: a body over 1 MiB gets 413 before more is read. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Slow clients time out: a request whose headers take over 5 s, or whose whole body takes over
 * 10 s, is answered 408 and its socket closed. Slack sends a few kilobytes at once; the check runs
 * every second so a stalled sender is dropped on time. Pass to `http.createServer`.
 */
export const SLOW_CLIENT_LIMITS: ServerOptions = {
  headersTimeout: 5_000,
  requestTimeout: 10_000,
  connectionsCheckingInterval: 1_000,
};

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

function matches(route: HttpRoute, path: string): boolean {
  return route.path.endsWith('/*') ? path.startsWith(route.path.slice(0, -1)) : route.path === path;
}

/**
 * Reads a request body of at most `limit` bytes. A declared `Content-Length` over the limit is
 * refused before a byte is kept; otherwise bytes are counted as they arrive and reading stops at
 * the first one over. Rejects with BodyTooLargeError then, or with the socket's error.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError(`body of ${declared} bytes declared, over ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (error: Error | null) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (error) {
        // Discard (never keep) what is already on its way until the socket closes after the
        // answer: closing with unread bytes would reset the connection and lose the 413 itself.
        req.resume();
        reject(error);
      } else resolve(Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) stop(new BodyTooLargeError(`body over ${limit} bytes`));
      else chunks.push(chunk);
    };
    const onEnd = () => stop(null);
    const onError = (error: Error) => stop(error);
    const onAborted = () => stop(new Error('the client went away while sending'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('aborted', onAborted);
  });
}

/**
 * Answers a request that cannot be taken as sent: the socket is closed after the answer, so the
 * rest of an oversized body is never read.
 */
export function refuse(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { connection: 'close', ...headers }).end();
}

/** Answers a handler's failure to read a body: 413 for too large, else the client is gone. */
export function refuseUnreadBody(res: ServerResponse, error: unknown): void {
  if (error instanceof BodyTooLargeError) refuse(res, 413);
  else refuse(res, 400);
}

/** A request listener over `routes`: 404 or 405 for the rest, and a handler's failure is a 500, logged. */
export function createRouter(routes: readonly HttpRoute[], logger: RouteLogger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = pathOf(req);
    const onPath = routes.filter((route) => matches(route, path));
    const route = onPath.find((candidate) => candidate.method === req.method);
    if (!route) {
      if (onPath.length === 0) refuse(res, 404);
      else refuse(res, 405, { allow: [...new Set(onPath.map((r) => r.method))].join(', ') });
      return;
    }
    const failed = (error: unknown) => {
      logger.error(`${req.method} ${path} failed`, error);
      refuse(res, 500);
    };
    try {
      const handled = route.handle(req, res);
      if (handled instanceof Promise) handled.catch(failed);
    } catch (error) {
      failed(error);
    }
  };
}

/** A server of our own over `routes` (Socket Mode's `/healthz` and API on PORT), with the same limits. */
export function createRouteServer(routes: readonly HttpRoute[], logger: RouteLogger): Server {
  return createServer(SLOW_CLIENT_LIMITS, createRouter(routes, logger));
}
