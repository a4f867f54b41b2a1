/** Outcome of a numerical solve, carried by every Solution (as in SciMLBase's ReturnCode). */
export type RetCode = 'Success' | 'MaxSteps' | 'StepTooSmall' | 'Unstable' | 'QssFailed';

export function isSuccess(code: RetCode): boolean {
  return code === 'Success';
}
