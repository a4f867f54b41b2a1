import { InputError, SolveError } from '../core/errors.js';

/** Print an error as one line and exit: 2 for bad input, 1 for numerical failure, 70 for bugs. */
export function exitWithError(e: unknown): never {
  if (e instanceof InputError) {
    process.stderr.write(`nrf2sim: error: ${e.message}\n`);
    process.exit(2);
  }
  if (e instanceof SolveError) {
    process.stderr.write(`nrf2sim: solver failed: ${e.message}\n`);
    process.exit(1);
  }
  const err = e as Error;
  process.stderr.write(`nrf2sim: internal error: ${err?.message ?? String(e)} (set NRF2SIM_DEBUG=1 for a stack trace)\n`);
  if (process.env['NRF2SIM_DEBUG']) process.stderr.write(`${err?.stack ?? ''}\n`);
  process.exit(70);
}
