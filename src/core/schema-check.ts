import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { errorAt, type StructuredText } from './structured-text.js';

/**
 * JSON Schema validation (Ajv) whose first error becomes one InputError naming the file, the field
 * path, its line and what was expected.
 */
export function makeSchemaCheck(schema: object): (src: StructuredText) => void {
  const ajv = new Ajv({ allErrors: false, strict: false });
  const validate: ValidateFunction = ajv.compile(schema);
  return (src: StructuredText): void => {
    if (validate(src.value)) return;
    const err = validate.errors![0]!;
    const path = pointerToPath(err.instancePath);
    throw errorAt(src, fieldPath(path, err), describe(err));
  };
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function fieldPath(path: (string | number)[], err: ErrorObject): (string | number)[] {
  const p = err.params as Record<string, unknown>;
  if (err.keyword === 'additionalProperties' && typeof p['additionalProperty'] === 'string') {
    return [...path, p['additionalProperty']];
  }
  if (err.keyword === 'required' && typeof p['missingProperty'] === 'string') return [...path, p['missingProperty']];
  return path;
}

function describe(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return `missing required field; expected '${String(p['missingProperty'])}' to be present`;
    case 'additionalProperties':
      return `unknown field '${String(p['additionalProperty'])}'; expected one of the documented fields (see the JSON Schema)`;
    case 'type':
      return `expected a ${String(p['type'])}`;
    case 'enum':
      return `expected one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `expected a number ${err.keyword === 'minimum' ? '≥' : '>'} ${String(p['limit'])}`;
    case 'pattern':
      return `expected a name matching ${String(p['pattern'])}`;
    case 'propertyNames':
      return `invalid name: ${err.message ?? ''}`;
    default:
      return `expected ${err.message ?? 'a valid value'}`;
  }
}
