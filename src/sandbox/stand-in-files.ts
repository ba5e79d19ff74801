import type { MethodResult } from './methods/method.js';
import type { Reply } from './stand-in-http.js';

/** A file shared in Slack, as `files.info` describes it (the fields the bot reads). */
export interface StandInFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
}

/**
 * Files attached to messages: `files.info`, and the bytes at `url_private`, which Slack serves
 * only with `Authorization: Bearer <token>` of someone who can see the file.
 */
/** An attached file's url_private; the bot's own uploads (files-upload.ts) have other ids there. */
const ATTACHED_FILE_PATH = /^\/files-pri\/T1-(F\d+)\//;

export class StandInFiles {
  private readonly files = new Map<string, { file: StandInFile; content: string }>();
  private counter = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly token: () => string | undefined,
  ) {}

  /** Adds a file (a text snippet or an uploaded .txt/.eml) and returns what a message's `files` holds. */
  add(upload: { name: string; content: string; mimetype?: string; filetype?: string }): StandInFile {
    this.counter += 1;
    const id = `F${String(this.counter).padStart(8, '0')}`;
    const url = `${this.baseUrl()}/files-pri/T1-${id}/${encodeURIComponent(upload.name)}`;
    const file: StandInFile = {
      id,
      name: upload.name,
      title: upload.name,
      mimetype: upload.mimetype ?? 'text/plain',
      filetype: upload.filetype ?? 'text',
      size: Buffer.byteLength(upload.content),
      url_private: url,
      url_private_download: `${url}?download=1`,
    };
    this.files.set(id, { file, content: upload.content });
    return file;
  }

  info(args: Record<string, unknown>): MethodResult {
    const found = this.files.get(String(args.file ?? ''));
    if (!found) return { ok: false, error: 'file_not_found' };
    return { ok: true, file: found.file };
  }

  /** True when the path is a file's url_private. */
  serves(pathname: string): boolean {
    return ATTACHED_FILE_PATH.test(pathname);
  }

  download(pathname: string, authorization: string | undefined): Reply {
    const id = ATTACHED_FILE_PATH.exec(pathname)?.[1] ?? '';
    const expected = this.token();
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    // Slack answers an unauthenticated url_private with its sign-in page, not the file.
    if (!bearer || (expected !== undefined && bearer !== expected)) {
      return {
        status: 200,
        body: '<!DOCTYPE html><html><body>Sign in to Slack</body></html>',
        headers: { 'content-type': 'text/html' },
      };
    }
    const found = this.files.get(id);
    return found ? { status: 200, body: found.content } : { status: 404, body: 'not found' };
  }
}
