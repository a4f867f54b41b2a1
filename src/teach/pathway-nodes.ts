/**
 * The pathway diagram of the teaching page as data: each node's place, its biology in two sentences
 * (from the project's biology notes, /work/shared/biology.md, and the model file's sources) and which
 * computed value it shows. The page draws it as SVG; the readout keys name fields of `Readouts`.
 */

/** Values the page shows on the diagram, at the end of the simulated time (72 h). */
export interface Readouts {
  readonly Nrf2_nM: number;
  /** Nrf2 half-life set by Keap1 at 72 h, min (longer when H2O2 oxidises Keap1). */
  readonly keap1HalfLifeMin: number;
  readonly TrxR_uM: number;
  readonly TrxRed_uM: number;
  readonly H2O2_uM: number;
  readonly GSH_uM: number;
  readonly BCR_ABL_uM: number;
  readonly Caspase_nM: number;
  /** Viable fraction of intact cells at 72 h (population engine). */
  readonly viable: number;
  readonly knockdown: number;
  readonly imatinibUM: number;
  readonly auranofinUM: number;
  readonly nacMM: number;
}

export interface PathwayNode {
  readonly id: string;
  readonly label: string;
  /** Centre in the 760 × 380 diagram. */
  readonly x: number;
  readonly y: number;
  readonly kind: 'gene' | 'redox' | 'drug' | 'fate';
  readonly about: string;
  readonly readout: keyof Readouts;
  readonly unit: string;
}

export const PATHWAY_NODES: readonly PathwayNode[] = [
  { id: 'shrna', label: 'shNrf2', x: 90, y: 130, kind: 'drug', readout: 'knockdown', unit: 'knockdown',
    about: 'A lentiviral short hairpin RNA makes the cell destroy Nrf2 (NFE2L2) mRNA; stable lines typically lose 50–90 % of it. The paper knocked Nrf2 down in resistant K562/G01 cells to ask whether Nrf2 causes their imatinib resistance.' },
  { id: 'keap1', label: 'Keap1', x: 250, y: 30, kind: 'gene', readout: 'keap1HalfLifeMin', unit: 'min Nrf2 t½',
    about: 'Keap1 hands Nrf2 to the proteasome, so Nrf2 protein lives only 7–15 minutes in resting cells. H2O2 oxidises Keap1\'s cysteines and slows this, stretching the half-life towards an hour — the model lumps Keap1 into that degradation rate.' },
  { id: 'nrf2', label: 'Nrf2', x: 250, y: 130, kind: 'gene', readout: 'Nrf2_nM', unit: 'nM',
    about: 'Nrf2 is the transcription factor that switches on antioxidant-response-element (ARE) genes such as TXNRD1 and the glutathione-synthesis enzymes GCLC/GCLM. Imatinib-resistant K562/G01 cells carry more Nrf2 mRNA and protein than parental K562 (the paper\'s first finding).' },
  { id: 'trxr', label: 'TrxR (TXNRD1)', x: 420, y: 60, kind: 'gene', readout: 'TrxR_uM', unit: 'µM',
    about: 'Thioredoxin reductase 1 uses NADPH to reduce oxidised thioredoxin back to its active form; its gene is an Nrf2/ARE target. In K562/G01 cells Nrf2 and TrxR rise and fall together, which is the paper\'s "Nrf2–TrxR axis".' },
  { id: 'trx', label: 'Trx (reduced)', x: 590, y: 60, kind: 'redox', readout: 'TrxRed_uM', unit: 'µM',
    about: 'Reduced thioredoxin feeds the peroxiredoxins that remove most cellular H2O2 within milliseconds. When TrxR cannot keep up, thioredoxin piles up in its oxidised form and H2O2 is no longer cleared.' },
  { id: 'gsh', label: 'GSH', x: 420, y: 200, kind: 'redox', readout: 'GSH_uM', unit: 'µM',
    about: 'Glutathione is the second antioxidant arm of Nrf2 (through GCLC/GCLM) and can reduce thioredoxin via glutaredoxin when TrxR is blocked. N-acetylcysteine supplies the cysteine its synthesis needs.' },
  { id: 'ros', label: 'ROS (H2O2)', x: 590, y: 200, kind: 'redox', readout: 'H2O2_uM', unit: 'µM',
    about: 'Hydrogen peroxide is the reactive oxygen species that the DCF dye reports; BCR-ABL signalling and imatinib both raise its production. The Prx–Trx–TrxR system buffers it strongly, so ROS jumps only once TrxR capacity falls below the production flux.' },
  { id: 'imatinib', label: 'imatinib', x: 90, y: 330, kind: 'drug', readout: 'imatinibUM', unit: 'µM',
    about: 'Imatinib blocks the BCR-ABL kinase that CML cells depend on; parental K562 cells stop growing at about 0.25 µM. It also raises mitochondrial ROS, which is where the Nrf2 antioxidant defence of resistant cells matters.' },
  { id: 'bcrabl', label: 'BCR-ABL', x: 250, y: 330, kind: 'gene', readout: 'BCR_ABL_uM', unit: 'µM active',
    about: 'BCR-ABL is the always-on tyrosine kinase made by the Philadelphia chromosome; K562 carries about 11 copies of the fusion gene. Its signal keeps survival proteins such as MCL-1 and BCL-xL high and also drives ROS production.' },
  { id: 'auranofin', label: 'auranofin', x: 680, y: 130, kind: 'drug', readout: 'auranofinUM', unit: 'µM',
    about: 'Auranofin, a gold compound used for arthritis, inhibits TrxR and kills K562 cells at low micromolar doses. It is not a clean TrxR inhibitor: it also blocks proteasomal deubiquitinases, which activates caspases independently of ROS.' },
  { id: 'nac', label: 'NAC', x: 250, y: 240, kind: 'drug', readout: 'nacMM', unit: 'mM',
    about: 'N-acetylcysteine is a cysteine donor that raises glutathione synthesis and so scavenges ROS. Rescue by NAC is the classic test of whether a drug kills cells through ROS.' },
  { id: 'apoptosis', label: 'caspases → apoptosis', x: 670, y: 330, kind: 'fate', readout: 'viable', unit: '% viable',
    about: 'Executioner caspases (caspase-3) switch on irreversibly once ROS is high and BCR-ABL survival signals are low, and the cell dies by apoptosis. Annexin V/PI flow cytometry sees such cells first as early (Annexin V+ PI−) then late (Annexin V+ PI+) apoptotic.' },
];

/** Arrows: [from, to, 'activates' | 'inhibits']. */
export const PATHWAY_EDGES: readonly (readonly [string, string, 'activates' | 'inhibits'])[] = [
  ['shrna', 'nrf2', 'inhibits'],
  ['keap1', 'nrf2', 'inhibits'],
  ['nrf2', 'trxr', 'activates'],
  ['nrf2', 'gsh', 'activates'],
  ['trxr', 'trx', 'activates'],
  ['trx', 'ros', 'inhibits'],
  ['gsh', 'ros', 'inhibits'],
  ['ros', 'keap1', 'inhibits'],
  ['ros', 'apoptosis', 'activates'],
  ['imatinib', 'bcrabl', 'inhibits'],
  ['imatinib', 'ros', 'activates'],
  ['bcrabl', 'ros', 'activates'],
  ['bcrabl', 'apoptosis', 'inhibits'],
  ['auranofin', 'trxr', 'inhibits'],
  ['auranofin', 'apoptosis', 'activates'],
  ['nac', 'gsh', 'activates'],
];

/** A readout as the diagram prints it. */
export function formatReadout(node: PathwayNode, r: Readouts): string {
  const v = r[node.readout];
  if (!Number.isFinite(v)) return '—';
  if (node.readout === 'viable') return `${(100 * v).toFixed(0)} % viable`;
  if (node.readout === 'knockdown') return `${(100 * v).toFixed(0)} % knockdown`;
  return `${v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(2)} ${node.unit}`;
}
