import { DateTime } from 'luxon';
import { decodeEntities } from './entities.js';
import { XsaError } from './errors.js';
import { MAX_RESTRICTION, MAX_TITLE } from './limits.js';

/** What an advisory says that a campaign needs, read from the text a responder pasted. */
export interface ParsedAdvisory {
  /** `XSA-108`, from the header line (never from the title, which may name another XSA). */
  id: string;
  title: string | null;
  cves: string[];
  version: number | null;
  /** The public release time, where the text states it; null otherwise (the responder fills it). */
  publicAt: DateTime | null;
  deployment: {
    /** false: fixes may not be deployed before the lift; null: the advisory has no such section. */
    permitted: boolean | null;
    /** The advisory's words that restrict deployment (of the fixes or of a mitigation), clipped. */
    restriction: string | null;
  };
}

/** What the parser looks for, told to the responder when it finds none of it. */
export const ADVISORY_EXPECTED =
  'a Xen Security Advisory: a header line like `Xen Security Advisory CVE-2014-7188 / XSA-108` (the CVE part may be absent or list several), optionally `version N`, then the title — after any mail quoting (`> `), MIME parts and PGP armour.';

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * The text/plain parts of a MIME message (nested multiparts included), decoded; the text itself
 * when it is not MIME.
 */
function plainParts(text: string): string {
  const boundary = /content-type:\s*multipart\/[\w-]+;[^\n]*?boundary="?([^"\s;]+)"?/i.exec(text)?.[1];
  if (!boundary) return text;
  const parts = text.split(`--${boundary}`).slice(1);
  const texts: string[] = [];
  for (const part of parts) {
    if (part.startsWith('--')) break;
    const split = part.search(/\r?\n\r?\n/);
    const headers = split === -1 ? '' : part.slice(0, split);
    const body = split === -1 ? part : part.slice(split).replace(/^\r?\n\r?\n/, '');
    const type = /content-type:\s*([\w/-]+)/i.exec(headers)?.[1]?.toLowerCase() ?? 'text/plain';
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
    if (type.startsWith('multipart/')) {
      texts.push(plainParts(`${headers}\n\n${body}`));
    } else if (type === 'text/plain') {
      if (encoding === 'base64') texts.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
      else if (encoding === 'quoted-printable') texts.push(decodeQuotedPrintable(body));
      else texts.push(body);
    }
  }
  return texts.length > 0 ? texts.join('\n') : text;
}

/** Removes mail quoting (`> `, `>> `, `> > `) from every line. */
function unquote(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(?:[ \t]*>[ \t]?)+/, ''))
    .join('\n');
}

/** The signed text of a PGP clear-signed message, dash-escaping undone; the text itself when not signed. */
function unarmour(text: string): string {
  const begin = text.indexOf('-----BEGIN PGP SIGNED MESSAGE-----');
  if (begin === -1) return text;
  const afterHeaders = text.slice(begin).search(/\n[ \t]*\n/);
  const start = afterHeaders === -1 ? begin : begin + afterHeaders + 1;
  const end = text.indexOf('-----BEGIN PGP SIGNATURE-----', start);
  return text
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .map((line) => (line.startsWith('- ') ? line.slice(2) : line))
    .join('\n');
}

/** Upper-case headings underlined with `=`, and the text under each. */
function readSections(lines: readonly string[]): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | null = null;
  let body: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    const next = (lines[i + 1] ?? '').trim();
    if (/^[A-Z0-9][A-Z0-9 ,'()/&-]*$/.test(line) && /^={3,}$/.test(next)) {
      if (current) sections.set(current, body.join('\n').trim());
      current = line.replace(/\s+/g, ' ');
      body = [];
      i += 1;
      continue;
    }
    if (current) body.push(lines[i] ?? '');
  }
  if (current) sections.set(current, body.join('\n').trim());
  return sections;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function clipText(text: string): string {
  return text.length <= MAX_RESTRICTION ? text : `${text.slice(0, MAX_RESTRICTION - 1)}…`;
}

/**
 * Reads DEPLOYMENT DURING EMBARGO: fixes (patches) not permitted before the lift make `permitted`
 * false; a restriction on a mitigation only is kept as words for the responder, patches still
 * permitted.
 */
function readDeployment(section: string | undefined): ParsedAdvisory['deployment'] {
  if (section === undefined) return { permitted: null, restriction: null };
  const paragraphs = section
    .split(/\n[ \t]*\n/)
    .map(oneLine)
    .filter((p) => p !== '');
  const restricting = paragraphs.filter(
    (p) =>
      /\bdeploy/i.test(p) &&
      (/\bnot\s+permitted\b/i.test(p) || /\bprohibited\b/i.test(p) || /\bonly\s+after\b/i.test(p)),
  );
  // A restriction that names the patches (or fixes), or names no mitigation, covers the fixes.
  const fixesRestricted = restricting.some((p) => /\b(?:patch|fix)/i.test(p) || !/mitigation/i.test(p));
  const permittedSaid = paragraphs.some(
    (p) =>
      /\bdeploy/i.test(p) && /\bis\s+(?:also\s+)?permitted\b/i.test(p) && !/\bnot\s+permitted\b/i.test(p),
  );
  return {
    permitted: fixesRestricted ? false : permittedSaid || restricting.length > 0 ? true : null,
    restriction: restricting.length > 0 ? clipText(restricting.join(' ')) : null,
  };
}

const RELEASE_TIME =
  /(?:embargo(?:ed)?|public(?:ly)?\s+(?:release|disclos\w*|available)|released\s+publicly|(?:made|become)\s+public)\b[^\n.]{0,160}?(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?::\d{2})?\s*(UTC|GMT|Z)\b/i;

/** The public release time, where the text states one ("… embargo … 2014-10-01 12:00 UTC"). */
function readPublicAt(text: string): DateTime | null {
  const match = RELEASE_TIME.exec(oneLine(text));
  if (!match) return null;
  const instant = DateTime.fromISO(`${match[1]}T${(match[2] ?? '').padStart(5, '0')}`, { zone: 'utc' });
  return instant.isValid ? instant : null;
}

/**
 * Parses a Xen Security Advisory as mailed (or pasted from a mail): header
 * `Xen Security Advisory CVE-2014-7188 / XSA-108` (CVE part absent or several), an optional
 * `version N` line, the title, upper-case sections underlined with `=`, inside PGP clear-signed
 * armour, mail quoting and MIME parts. Throws an XsaError saying what it looked for when the text
 * holds no advisory.
 */
export function parseAdvisory(input: string): ParsedAdvisory {
  const text = unarmour(unquote(plainParts(decodeEntities(input).replace(/\r\n?/g, '\n'))));
  const lines = text.split('\n');
  const headerAt = lines.findIndex((line) =>
    /^\s*Xen\s+Security\s+Advisory\s+(?:[^\n]*?\/\s*)?XSA-\d+\s*$/i.test(line),
  );
  if (headerAt === -1) {
    return parseSubjectLine(text);
  }
  const header = lines[headerAt] ?? '';
  const id = `XSA-${/XSA-(\d+)\s*$/i.exec(header)?.[1]}`;
  const cves = [...new Set([...header.matchAll(/CVE-\d{4}-\d{4,}/gi)].map((m) => m[0].toUpperCase()))];
  const following = lines.slice(headerAt + 1).map((l) => l.trim());
  let at = following.findIndex((l) => l !== '');
  let version: number | null = null;
  const versionMatch = /^version\s+(\d+)$/i.exec(following[at] ?? '');
  if (versionMatch) {
    version = Number(versionMatch[1]);
    at = following.findIndex((l, i) => i > at && l !== '');
  }
  const candidate = following[at] ?? '';
  const underlined = /^={3,}$/.test(following[at + 1] ?? '');
  const title = candidate !== '' && !underlined ? oneLine(candidate).slice(0, MAX_TITLE) : null;
  const sections = readSections(lines.slice(headerAt + 1));
  return {
    id,
    title,
    cves,
    version,
    publicAt: readPublicAt(text),
    deployment: readDeployment(sections.get('DEPLOYMENT DURING EMBARGO')),
  };
}

/** A forwarded Subject line only: `Xen Security Advisory 399 v2 (CVE-2022-26357) - race in VT-d …`. */
function parseSubjectLine(text: string): ParsedAdvisory {
  const match =
    /Xen\s+Security\s+Advisory\s+(\d+)\s+v(\d+)\s*(?:\(([^)]*)\))?\s*-\s*([^\n]+(?:\n [^\n]+)*)/i.exec(text);
  if (!match) {
    throw new XsaError(
      'unreadable_advisory',
      `I could not find an advisory in this message. I looked for ${ADVISORY_EXPECTED}`,
    );
  }
  const sections = readSections(text.split('\n'));
  return {
    id: `XSA-${match[1]}`,
    title: oneLine(match[4] ?? '').slice(0, MAX_TITLE) || null,
    cves: [...new Set([...(match[3] ?? '').matchAll(/CVE-\d{4}-\d{4,}/gi)].map((m) => m[0].toUpperCase()))],
    version: Number(match[2]),
    publicAt: readPublicAt(text),
    deployment: readDeployment(sections.get('DEPLOYMENT DURING EMBARGO')),
  };
}
