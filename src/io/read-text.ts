import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.js';

/** Read a UTF-8 text file, or fail with an InputError naming it. */
export function readText(path: string): string {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new InputError({ file: path }, 'file not found; expected a readable model or scenario file');
  }
  if (!isFile) throw new InputError({ file: path }, 'is a directory; expected a file');
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError({ file: path }, `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
