/**
 * Presets (the paper's four lines) and the "what happens if…" classroom questions of the teaching
 * page. Each question sets the sliders and says what to look for; `expect` states the direction the
 * shipped model gives against the question's `compareTo` setting, and test/teach/questions.test.ts
 * checks it, so the page never tells students something the model does not show.
 */
import type { TeachSettings } from './simulate.js';

const LINES = 'scenarios/cell-lines/';

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly settings: TeachSettings;
}

/** The paper's four lines, untreated knockdown as in their files, 2 µM imatinib (the apoptosis assay's dose). */
export const PRESETS: readonly Preset[] = [
  { id: 'k562', label: 'K562', settings: { line: `${LINES}k562.yaml`, knockdown: 0, imatinibUM: 2, auranofinUM: 0, nacMM: 0 } },
  { id: 'k562-g01', label: 'K562/G01', settings: { line: `${LINES}k562-g01.yaml`, knockdown: 0, imatinibUM: 2, auranofinUM: 0, nacMM: 0 } },
  { id: 'g01-shnc', label: 'G01-shNC', settings: { line: `${LINES}g01-shnc.yaml`, knockdown: 0, imatinibUM: 2, auranofinUM: 0, nacMM: 0 } },
  { id: 'g01-shnrf2', label: 'G01-shNrf2', settings: { line: `${LINES}g01-shnrf2.yaml`, knockdown: 0.7, imatinibUM: 2, auranofinUM: 0, nacMM: 0 } },
];

/** A readout and the direction it moves from `compareTo` to `settings`. */
export interface Expectation {
  readonly readout: 'Nrf2_nM' | 'TrxR_uM' | 'TrxRed_uM' | 'H2O2_uM' | 'GSH_uM' | 'viable';
  readonly direction: 'up' | 'down';
}

export interface Question {
  readonly id: string;
  readonly question: string;
  readonly settings: TeachSettings;
  /** The setting the answer is compared with (what the class looked at before). */
  readonly compareTo: TeachSettings;
  readonly lookFor: string;
  readonly expect: readonly Expectation[];
}

const shNC2: TeachSettings = { line: `${LINES}g01-shnc.yaml`, knockdown: 0, imatinibUM: 2, auranofinUM: 0, nacMM: 0 };
const shNrf2: TeachSettings = { line: `${LINES}g01-shnrf2.yaml`, knockdown: 0.7, imatinibUM: 2, auranofinUM: 0, nacMM: 0 };

export const QUESTIONS: readonly Question[] = [
  {
    id: 'knockdown',
    question: 'What happens if we knock Nrf2 down in the resistant K562/G01 cells?',
    settings: shNrf2,
    compareTo: shNC2,
    lookFor: 'Compare with the G01-shNC preset: Nrf2 and TrxR fall, less thioredoxin stays reduced, ROS under imatinib rises and fewer cells stay viable. The dose–response curve moves to lower doses — resistance is partly reversed, as the paper found.',
    expect: [
      { readout: 'Nrf2_nM', direction: 'down' },
      { readout: 'TrxR_uM', direction: 'down' },
      { readout: 'H2O2_uM', direction: 'up' },
      { readout: 'viable', direction: 'down' },
    ],
  },
  {
    id: 'auranofin-shnrf2',
    question: 'What if we add auranofin to shNrf2 cells?',
    settings: { ...shNrf2, auranofinUM: 1 },
    compareTo: shNrf2,
    lookFor: 'Auranofin blocks the TrxR that is left after the knockdown: reduced thioredoxin drops, ROS climbs further and the late-apoptotic fraction grows. Two hits on the same axis add up.',
    expect: [
      { readout: 'TrxRed_uM', direction: 'down' },
      { readout: 'H2O2_uM', direction: 'up' },
      { readout: 'viable', direction: 'down' },
    ],
  },
  {
    id: 'nac-shnrf2',
    question: 'Can N-acetylcysteine (NAC) protect shNrf2 cells from imatinib?',
    settings: { ...shNrf2, nacMM: 5 },
    compareTo: shNrf2,
    lookFor: 'NAC feeds glutathione synthesis: GSH rises, ROS falls back and more cells stay viable — in the model the extra killing after knockdown goes through ROS.',
    expect: [
      { readout: 'GSH_uM', direction: 'up' },
      { readout: 'H2O2_uM', direction: 'down' },
      { readout: 'viable', direction: 'up' },
    ],
  },
  {
    id: 'resistant',
    question: 'Why does K562/G01 survive imatinib that kills K562?',
    settings: { line: `${LINES}k562-g01.yaml`, knockdown: 0, imatinibUM: 1, auranofinUM: 0, nacMM: 0 },
    compareTo: { line: `${LINES}k562.yaml`, knockdown: 0, imatinibUM: 1, auranofinUM: 0, nacMM: 0 },
    lookFor: 'At 1 µM imatinib switch between the K562 and K562/G01 lines: the resistant line has more Nrf2 and TrxR, and more of its cells stay viable. Its dose–response curve sits far to the right.',
    expect: [
      { readout: 'Nrf2_nM', direction: 'up' },
      { readout: 'TrxR_uM', direction: 'up' },
      { readout: 'viable', direction: 'up' },
    ],
  },
  {
    id: 'strong-knockdown',
    question: 'Is a stronger knockdown always better?',
    settings: { ...shNrf2, knockdown: 0.95 },
    compareTo: { ...shNrf2, knockdown: 0.5 },
    lookFor: 'Slide the knockdown from 50 % to 95 %: ROS stays buffered until TrxR can no longer keep up with H2O2 production, then rises steeply. Thresholds like this are why partial knockdowns can look ineffective.',
    expect: [
      { readout: 'TrxR_uM', direction: 'down' },
      { readout: 'H2O2_uM', direction: 'up' },
      { readout: 'viable', direction: 'down' },
    ],
  },
];
