import schema from '../../models/model.schema.json' with { type: 'json' };
import { makeSchemaCheck } from '../core/schema-check.js';
import { parseStructuredText, type StructuredText } from '../core/structured-text.js';
import type { ModelSpec } from './spec.js';

const checkSchema = makeSchemaCheck(schema);

/** Parse model text (YAML or JSON) and check it against the published JSON Schema. */
export function parseModelText(text: string, sourceName: string): { spec: ModelSpec; src: StructuredText } {
  const src = parseStructuredText(text, sourceName);
  checkSchema(src);
  return { spec: src.value as ModelSpec, src };
}
