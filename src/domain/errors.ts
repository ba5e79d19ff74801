/**
 * A refusal the user can act on: `code` is for programs and tests, `message` is what the
 * user reads (what was wrong, and what to do instead).
 */
export class XsaError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'XsaError';
  }
}
