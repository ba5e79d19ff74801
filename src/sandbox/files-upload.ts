import type { IncomingMessage } from 'node:http';
import type { MethodResult } from './methods/method.js';

/**
 * Slack's file upload as of 2024 (`files.upload` is retired): `files.getUploadURLExternal` with the
 * file's name and length answers an `upload_url` and a file id; the bytes are POSTed to that URL;
 * `files.completeUploadExternal` with `files: [{id, title}]` and `channel_id` shares them in one
 * message. Kept in its own file, beside the stand-in that routes to it.
 */

type Args = Record<string, unknown>;

export interface UploadedFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  /** Declared in getUploadURLExternal. */
  length: number;
  /** Null until the bytes are POSTed to the upload_url. */
  bytes: Buffer | null;
  /** Channels it was shared to by files.completeUploadExternal. */
  channels: string[];
}

/** What the uploads need of the stand-in around them. */
export interface UploadHost {
  baseUrl(): string;
  nextId(prefix: string): string;
  /** Null when the channel exists and the bot may post there, else Slack's error. */
  channelProblem(channel: string): string | null;
  /** Shares the files as one bot message in the channel (`initial_comment` as its text). */
  postFiles(channel: string, text: string, files: Args[]): void;
}

/** Slack caps a file at 1 GB; the stand-in holds files in memory, so it takes far less. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_FILES_PER_COMPLETE = 10;
const UPLOAD_PATH = '/upload/v1/';
const PRIVATE_PATH = '/files-pri/';

const MIME_TYPES: Record<string, string> = {
  md: 'text/markdown',
  csv: 'text/csv',
  ics: 'text/calendar',
  png: 'image/png',
  txt: 'text/plain',
  json: 'application/json',
};

export const UPLOAD_METHODS = ['files.getUploadURLExternal', 'files.completeUploadExternal'] as const;

export class FileUploads {
  private readonly files = new Map<string, UploadedFile>();

  constructor(private readonly host: UploadHost) {}

  /** True for a path of file bytes: an upload_url, or a shared file's url_private. */
  static isFilePath(pathname: string): boolean {
    return pathname.startsWith(UPLOAD_PATH) || pathname.startsWith(PRIVATE_PATH);
  }

  /** A file with its bytes, or undefined before its upload. */
  file(id: string): UploadedFile | undefined {
    const file = this.files.get(id);
    return file?.bytes ? { ...file, channels: [...file.channels] } : undefined;
  }

  answer(method: string, args: Args): MethodResult {
    return method === 'files.getUploadURLExternal' ? this.getUploadUrl(args) : this.complete(args);
  }

  /**
   * A request to a file path: the raw bytes POSTed to an upload_url, or a GET of a shared file's
   * `url_private` (which Slack serves with the bot token).
   */
  async receive(
    req: IncomingMessage,
    pathname: string,
  ): Promise<{ status: number; body: string | Buffer; contentType?: string }> {
    if (pathname.startsWith(PRIVATE_PATH)) {
      const [id = ''] = pathname.slice(PRIVATE_PATH.length).split('/');
      const file = this.file(id);
      if (req.method !== 'GET') return { status: 405, body: 'method_not_allowed' };
      if (!file?.bytes || !/^Bearer xox[bp]-/.test(req.headers.authorization ?? ''))
        return { status: 404, body: 'not_found' };
      return { status: 200, body: file.bytes, contentType: file.mimetype };
    }
    const file = this.files.get(decodeURIComponent(pathname.slice(UPLOAD_PATH.length)));
    if (req.method !== 'POST') return { status: 405, body: 'method_not_allowed' };
    if (!file) return { status: 404, body: 'not_found' };
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_FILE_BYTES) return { status: 413, body: 'file_too_large' };
      chunks.push(chunk as Buffer);
    }
    file.bytes = Buffer.concat(chunks);
    return { status: 200, body: `OK - ${file.bytes.length}` };
  }

  private getUploadUrl(args: Args): MethodResult {
    const filename = typeof args.filename === 'string' ? args.filename.trim() : '';
    const length = Number(args.length);
    if (filename === '' || !Number.isInteger(length) || length <= 0 || String(args.length).trim() === '')
      return { ok: false, error: 'invalid_arguments' };
    if (length > MAX_FILE_BYTES) return { ok: false, error: 'file_too_large' };
    const id = this.host.nextId('F');
    const extension = filename.includes('.') ? (filename.split('.').pop() ?? '') : '';
    this.files.set(id, {
      id,
      name: filename,
      title: filename,
      mimetype: MIME_TYPES[extension.toLowerCase()] ?? 'application/octet-stream',
      length,
      bytes: null,
      channels: [],
    });
    return { ok: true, upload_url: `${this.host.baseUrl()}${UPLOAD_PATH}${id}`, file_id: id };
  }

  private complete(args: Args): MethodResult {
    const list = parseFilesArgument(args.files);
    if (list === null || list.length === 0 || list.length > MAX_FILES_PER_COMPLETE)
      return { ok: false, error: 'invalid_arguments' };
    const found: UploadedFile[] = [];
    for (const entry of list) {
      const file = this.files.get(entry.id);
      if (!file) return { ok: false, error: 'file_not_found' };
      // Completing before the bytes arrived, or with fewer or more than announced, fails as in Slack.
      if (!file.bytes || file.bytes.length !== file.length)
        return { ok: false, error: 'file_upload_size_mismatch' };
      if (entry.title !== undefined) file.title = entry.title;
      found.push(file);
    }
    const channel = typeof args.channel_id === 'string' ? args.channel_id : undefined;
    if (channel !== undefined) {
      const problem = this.host.channelProblem(channel);
      if (problem) return { ok: false, error: problem };
      for (const file of found) file.channels.push(channel);
      const comment = typeof args.initial_comment === 'string' ? args.initial_comment : '';
      this.host.postFiles(
        channel,
        comment,
        found.map((f) => this.describe(f)),
      );
    }
    return { ok: true, files: found.map((f) => ({ id: f.id, title: f.title })) };
  }

  /** A file object as Slack puts it on a message. */
  private describe(file: UploadedFile): Args {
    const url = `${this.host.baseUrl()}${PRIVATE_PATH}${file.id}/${encodeURIComponent(file.name)}`;
    return {
      id: file.id,
      name: file.name,
      title: file.title,
      mimetype: file.mimetype,
      filetype: file.name.split('.').pop() ?? '',
      size: file.length,
      url_private: url,
      url_private_download: `${url}?download=1`,
    };
  }
}

/** `files` as the Web API client sends it: a JSON string of `[{id, title?}]`. */
function parseFilesArgument(value: unknown): Array<{ id: string; title?: string }> | null {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!Array.isArray(parsed)) return null;
  const out: Array<{ id: string; title?: string }> = [];
  for (const item of parsed as unknown[]) {
    if (item === null || typeof item !== 'object') return null;
    const { id, title } = item as Args;
    if (typeof id !== 'string' || id === '') return null;
    if (title !== undefined && typeof title !== 'string') return null;
    out.push(title === undefined ? { id } : { id, title });
  }
  return out;
}
