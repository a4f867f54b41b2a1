import type { Algorithm } from './algorithms.js';
import { solveOdexQss } from './ode/odex.js';
import { solveRosenbrock } from './ode/rosenbrock.js';
import type { Problem } from './problem.js';
import type { Solution } from './solution.js';
import { solveSsaDirect } from './ssa/direct.js';
import { solveTauLeap } from './tau/cao-gillespie-petzold.js';

/** Solve a problem with a named algorithm. Numeric failure is a retcode on the Solution, not a throw. */
export function solve(prob: Problem, alg: Algorithm): Solution {
  switch (alg.method) {
    case 'rosenbrock23':
      return solveRosenbrock(prob, alg);
    case 'odex-qss':
      return solveOdexQss(prob, alg);
    case 'ssa-direct':
      return solveSsaDirect(prob, alg);
    case 'tau-leap':
      return solveTauLeap(prob, alg);
  }
}
