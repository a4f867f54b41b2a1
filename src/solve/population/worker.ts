/**
 * Worker-thread entry of the population engine (run from dist/ by pool.ts): receives wells, compiles
 * their model once per thread, simulates them and posts the results back.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool.js';
import { modelFromText, serializeError } from './pool.js';
import { burnInCells, simulateWell } from './well.js';

const port = parentPort;
if (!port) throw new Error('population worker: must run as a worker thread');

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'exit') {
    port.close();
    return;
  }
  const { index, job } = msg;
  try {
    const model = modelFromText(job.modelText, job.modelSource);
    let last = -1;
    const result =
      msg.type === 'burn-in'
        ? burnInCells(model, job)
        : simulateWell(
            model,
            job,
            (f) => {
              if (f - last >= 0.01 || f === 1) {
                last = f;
                port.postMessage({ type: 'progress', index, fraction: f } satisfies FromWorker);
              }
            },
            msg.start,
          );
    port.postMessage({ type: 'result', index, result } satisfies FromWorker);
  } catch (e) {
    port.postMessage({ type: 'error', index, error: serializeError(e) } satisfies FromWorker);
  }
});
