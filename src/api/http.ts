import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, MAX_BODY_BYTES, readBody as readLimitedBody } from '../http/routes.js';

/** An answer the API gives as `{"error":{"code","message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Answer {
  status: number;
  /** JSON text, or a report file's bytes. */
  body: string | Uint8Array;
  contentType: string;
  /** Headers of this answer, e.g. a file's `Content-Disposition`. */
  headers?: Record<string, string>;
}

export const jsonAnswer = (status: number, value: unknown): Answer => ({
  status,
  body: JSON.stringify(value),
  contentType: 'application/json; charset=utf-8',
});

/** A report file, named as `/xsa report` names it in Slack (`inline`: a browser shows it, curl -OJ saves it). */
export const fileAnswer = (file: { filename: string; contentType: string; bytes: Uint8Array }): Answer => ({
  status: 200,
  body: file.bytes,
  contentType: file.contentType,
  headers: {
    'content-disposition': `inline; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`,
    'x-content-type-options': 'nosniff',
  },
});

export const errorAnswer = (error: ApiError): Answer =>
  jsonAnswer(error.status, { error: { code: error.code, message: error.message } });

export function send(res: ServerResponse, answer: Answer, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(answer.status, {
    'content-type': answer.contentType,
    'cache-control': 'no-store',
    ...answer.headers,
    ...headers,
  });
  res.end(answer.body);
}

/**
 * The body, read by the one reader of the HTTP surface (`readBody` in src/http/routes.ts, which
 * refuses a larger Content-Length before reading and stops at the first byte over 1 MiB), its
 * refusals in the API's terms: 413 `body_too_large`, or 400 when the body could not be read.
 */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readLimitedBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, 'bad_request', `The body could not be read: ${reason}`);
  }
}

const tooLarge = () =>
  new ApiError(
    413,
    'body_too_large',
    `The body is over ${MAX_BODY_BYTES} bytes (1 MiB); send fewer zones or hosts per request.`,
  );
