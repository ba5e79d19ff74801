import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface PlainRoute {
  /** An exact path, or Bolt's wildcard form `/api/*rest`: a prefix whose handler routes the rest itself. */
  path: string;
  method: string[];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * Socket Mode's HTTP server (`/healthz` and the HTTP API). Not Bolt's: Bolt's decodes route
 * parameters outside any try, so a path with malformed percent-encoding (`/api/%E0`) rejected
 * its request handler and, unhandled, ended the process (rule 9).
 */
export function createRouteServer(routes: readonly PlainRoute[]): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) =>
      r.path.includes('*') ? path.startsWith(r.path.slice(0, r.path.indexOf('*'))) : path === r.path,
    );
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    if (!route.method.includes(req.method ?? '')) {
      res.writeHead(405, { allow: route.method.join(', ') }).end();
      return;
    }
    route.handler(req, res);
  });
}

/** True when every percent-escape in the path decodes; Bolt's router throws on the others. */
export function hasDecodablePath(url: string): boolean {
  try {
    decodeURIComponent(new URL(url, 'http://localhost').pathname);
    return true;
  } catch {
    return false;
  }
}
