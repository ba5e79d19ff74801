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
 * against), for tests that point the real `WebClient` at it (`slackApiUrl: fake.apiUrl`): it records
 * every call and can be told to fail, hang or rate-limit.
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

export interface FakeSlackOptions extends StandInOptions {
  /**
   * Milliseconds since the epoch that message timestamps are made from. Default: a fixed 2023
   * instant, after any ManualClock in the tests; a bot on the real clock needs `Date.now`, or
   * `conversations.history` with `oldest` never finds what it posted.
   */
  now?: () => number;
  /** Told of every call as it arrives, before it is answered (benchmarks time posts with it). */
  onCall?: (call: RecordedCall) => void;
}

export class FakeSlack extends StandInSlack {
  readonly calls: RecordedCall[] = [];

  private readonly failures = new Map<string, Array<{ response: FakeResponse; remaining: number }>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private outage: ((call: RecordedCall) => FakeResponse | undefined) | null = null;
  private readonly onCall: ((call: RecordedCall) => void) | undefined;
  private tsCounter = 0;

  constructor(options: FakeSlackOptions = {}) {
    super(options);
    this.onCall = options.onCall;
  }

  static override async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await fake.listen();
    return fake;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** A response_url that only records what is posted to it. */
  override responseUrl(id: string = this.nextId('R')): string {
    return super.responseUrl(id);
  }

  failNext(method: string, response: FakeResponse, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    queue.push({ response, remaining: times });
    this.failures.set(method, queue);
  }

  /**
   * An outage: every call for which `decide` returns a response gets it (instead of any queued
   * `failNext`), until `recover()`. A response with only `delayMs` hangs and then succeeds.
   */
  failWhile(decide: (call: RecordedCall) => FakeResponse | undefined): void {
    this.outage = decide;
  }

  recover(): void {
    this.outage = null;
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.clearMessagesAndViews();
  }

  override async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await super.stop();
  }

  protected override async intercept(call: ApiCall): Promise<Interception> {
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

  /** Without `now`: seconds and six digits of a per-workspace sequence from a fixed 2023 instant. */
  protected override nextTs(): string {
    if (this.options.now) return super.nextTs();
    this.tsCounter += 100;
    const seconds = 1_700_000_000 + Math.floor(this.tsCounter / 1_000_000);
    return `${seconds}.${String(this.tsCounter % 1_000_000).padStart(6, '0')}`;
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
