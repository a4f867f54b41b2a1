/**
 * Names of conditions, samples and output files of an experiment.
 */
import type { ExperimentSpec } from '../assays/experiment.js';

/** "untreated", or e.g. "imatinib-2uM" (the dose in the experiment's unit). */
export function doseLabel(spec: ExperimentSpec, doseUM: number): string {
  const t = spec.treatment;
  if (!t || doseUM === 0) return 'untreated';
  const k = t.dosesUM.indexOf(doseUM);
  const shown = k >= 0 ? t.doses[k]! : doseUM;
  return `${t.drug}-${shown}${t.unit}`;
}

/** Sample name, e.g. "g01-shnrf2_imatinib-2uM_48h_rep1" (plus a suffix such as "_unstained"). */
export function sampleName(spec: ExperimentSpec, line: string, doseUM: number, timeH: number, replicate: number, suffix = ''): string {
  return `${line}_${doseLabel(spec, doseUM)}_${timeH}h_rep${replicate}${suffix}`;
}

/**
 * The group a condition belongs to in ΔΔCt and densitometry: the line, plus the dose label when the
 * experiment has several doses and the time when it has several times.
 */
export function conditionKey(spec: ExperimentSpec, line: string, doseUM: number, timeH: number): string {
  const parts = [line];
  if ((spec.treatment?.dosesUM.length ?? 1) > 1) parts.push(doseLabel(spec, doseUM));
  if (spec.timesH.length > 1) parts.push(`${timeH}h`);
  return parts.join('@');
}

/**
 * A file name that stays inside its folder: characters other than letters, digits, '_', '-' and
 * '.' become '_', leading dots become '_' (no hidden files, no "." or ".."), at most 200 characters
 * before the extension.
 */
export function safeFileName(stem: string, extension: string): string {
  let s = stem.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, (m) => '_'.repeat(m.length));
  if (s.length === 0) s = '_';
  if (s.length > 200) s = s.slice(0, 200);
  return `${s}.${extension.replace(/[^A-Za-z0-9]/g, '')}`;
}
