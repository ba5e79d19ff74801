import type { IncomingMessage, ServerResponse } from 'node:http';

/** PRODUCT.md: a body over 1 MiB gets 413 before more is read. */
export const MAX_BODY_BYTES = 1024 * 1024;

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
 * Reads the body up to MAX_BODY_BYTES: a larger Content-Length is refused before anything is read,
 * and a chunked body is cut off (and the connection closed) as soon as it passes the limit.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', (error) =>
      reject(new ApiError(400, 'bad_request', `The body could not be read: ${error.message}`)),
    );
  });
}

const tooLarge = () =>
  new ApiError(
    413,
    'body_too_large',
    `The body is over ${MAX_BODY_BYTES} bytes (1 MiB); send fewer zones or hosts per request.`,
  );
