import {
  type ApiCall,
  type Interception,
  type StandInChannel,
  type StandInOptions,
  StandInSlack,
  type StandInUser,
  type StoredMessage,
} from '../../src/sandbox/stand-in-slack.js';

/**
 * The project's stand-in for Slack (src/sandbox/stand-in-slack.ts, which the sandbox runs the bot
 * against), for tests that point the real `WebClient` at it (`slackApiUrl: fake.apiUrl`), with
 * controls passed in through its `intercept` option: it records every call and can be told to
 * fail, hang or rate-limit. Every call is checked as the sandbox checks it (arguments, Block Kit),
 * so a test passes only with payloads Slack would take.
 */

export type RecordedCall = ApiCall;
export type FakeUser = StandInUser;
export type FakeChannel = StandInChannel;
export type FakeMessage = StoredMessage;

export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface FakeSlackOptions extends Omit<StandInOptions, 'now' | 'intercept' | 'onReply'> {
  /**
   * Milliseconds since the epoch that message timestamps are made from. Default: a fixed 2023
   * instant (timestamps then count up from it by a microsecond each), after any ManualClock in the
   * tests; a bot on the real clock needs `Date.now`, or `conversations.history` with `oldest` never
   * finds what it posted.
   */
  now?: () => number;
  /** Told of every call as it arrives, before it is answered (benchmarks time posts with it). */
  onCall?: (call: RecordedCall) => void;
}

/** What a test does with the fake beside what the stand-in offers. */
export interface FakeControls {
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** A response_url for no conversation: posts to it are checked, counted and recorded, and land nowhere. */
  responseUrl(): string;
  failNext(method: string, response: FakeResponse, times?: number): void;
  /**
   * An outage: every call for which `decide` returns a response gets it (instead of any queued
   * `failNext`), until `recover()`. A response with only `delayMs` hangs and then succeeds.
   */
  failWhile(decide: (call: RecordedCall) => FakeResponse | undefined): void;
  recover(): void;
  /** Forgets calls, queued failures, messages and views; keeps people and channels. */
  reset(): void;
  /**
   * The calls answered `invalid_blocks`, `invalid_arguments` or `unknown_method` since the last call of this, which it
   * forgets: a test that sends something invalid on purpose takes them; `stop()` fails on any left.
   */
  takeRejections(): Rejection[];
}

export interface Rejection {
  call: RecordedCall;
  error: string;
  messages: string[];
}

/**
 * The errors with which Slack refuses a payload that breaks its method's arguments or Block Kit, and
 * the stand-in's answer to a method it does not serve yet (add it under src/sandbox/methods/).
 */
const CONFORMANCE_ERRORS = new Set(['invalid_blocks', 'invalid_arguments', 'unknown_method']);

export type FakeSlack = StandInSlack & FakeControls;

const FIXED_2023_MS = 1_700_000_000_000;

/** Records calls and answers the failures a test asked for; the stand-in's `intercept`. */
class CallRecorder {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, Array<{ response: FakeResponse; remaining: number }>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  outage: ((call: RecordedCall) => FakeResponse | undefined) | null = null;

  constructor(private readonly onCall: ((call: RecordedCall) => void) | undefined) {}

  async intercept(call: ApiCall): Promise<Interception> {
    this.calls.push(call);
    this.onCall?.(call);
    const failure = this.outage?.(call) ?? this.takeFailure(call.method);
    if (failure?.delayMs) await this.sleep(failure.delayMs);
    if (failure !== undefined && (failure.status !== undefined || failure.body !== undefined)) {
      const status = failure.status ?? 200;
      const body = failure.body ?? { ok: false, error: status === 429 ? 'ratelimited' : 'fatal_error' };
      return { reply: { status, body, headers: failure.headers ?? {} } };
    }
    return failure?.headers ? { headers: failure.headers } : {};
  }

  failNext(method: string, response: FakeResponse, times: number): void {
    const queue = this.failures.get(method) ?? [];
    queue.push({ response, remaining: times });
    this.failures.set(method, queue);
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private takeFailure(method: string): FakeResponse | undefined {
    const queue = this.failures.get(method);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.response;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** Starts the stand-in on a loopback port with a call recorder and failure injection. */
async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const { onCall, now, ...rest } = options;
  const recorder = new CallRecorder(onCall);
  const rejections: Rejection[] = [];
  const standIn = new StandInSlack({
    ...rest,
    now: now ?? (() => FIXED_2023_MS),
    intercept: (call) => recorder.intercept(call),
    onReply: (call, reply) => {
      const body = reply.body as {
        ok?: boolean;
        error?: string;
        response_metadata?: { messages?: string[] };
      };
      if (body?.ok === false && CONFORMANCE_ERRORS.has(String(body.error)))
        rejections.push({
          call,
          error: String(body.error),
          messages: body.response_metadata?.messages ?? [],
        });
    },
  });
  await standIn.listen();
  const stopStandIn = standIn.stop.bind(standIn);
  const controls: FakeControls & { stop(): Promise<void> } = {
    calls: recorder.calls,
    callsTo: (method) => recorder.calls.filter((call) => call.method === method),
    responseUrl: () => standIn.registerResponseUrl({ channel: '', user: '' }),
    failNext: (method, response, times = 1) => recorder.failNext(method, response, times),
    failWhile: (decide) => {
      recorder.outage = decide;
    },
    recover: () => {
      recorder.outage = null;
    },
    reset: () => {
      recorder.reset();
      standIn.clearMessagesAndViews();
    },
    takeRejections: () => rejections.splice(0),
    stop: async () => {
      recorder.stop();
      await stopStandIn();
      if (rejections.length > 0) {
        const lines = rejections.map((r) => `${r.call.method}: ${r.error} ${r.messages.join(' ')}`);
        throw new Error(`Slack would have refused what the bot sent:\n${lines.join('\n')}`);
      }
    },
  };
  return Object.assign(standIn, controls);
}

export const FakeSlack = { start: startFakeSlack };
