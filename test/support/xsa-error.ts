import { XsaError } from '../../src/domain/errors.js';

/**
 * Runs `run` and returns the XsaError it throws, so a test can assert on its `code` and message.
 * Any other error is rethrown as it is; throwing nothing fails the test.
 */
export function xsaErrorOf(run: () => unknown): XsaError {
  try {
    run();
  } catch (error) {
    if (error instanceof XsaError) return error;
    throw error;
  }
  throw new Error('expected an XsaError, but nothing was thrown');
}
