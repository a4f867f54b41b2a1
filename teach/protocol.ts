/** Messages between the page and its simulation worker (structured-clonable plain data). */
import type { Readouts } from '../src/teach/pathway-nodes.js';
import type { StageFractions, TeachSettings, TimeCourse } from '../src/teach/simulate.js';

export interface LineInfo {
  readonly path: string;
  readonly name: string;
  readonly description: string;
  readonly knockdown: number;
}

export type ToWorker = { readonly kind: 'compute'; readonly id: number; readonly settings: TeachSettings };

export type FromWorker =
  | { readonly kind: 'ready'; readonly lines: readonly LineInfo[]; readonly compileMs: number }
  | { readonly kind: 'timecourse'; readonly id: number; readonly data: TimeCourse; readonly ms: number }
  | { readonly kind: 'population'; readonly id: number; readonly data: StageFractions; readonly readouts: Readouts; readonly ms: number }
  | { readonly kind: 'dose'; readonly id: number; readonly dosesUM: readonly number[]; readonly viability: readonly number[]; readonly hours: number; readonly cells: number; readonly ms: number }
  | { readonly kind: 'done'; readonly id: number; readonly ms: number }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };
