import schema from '../../scenarios/scenario.schema.json' with { type: 'json' };
import { makeSchemaCheck } from '../core/schema-check.js';
import { errorAt, parseStructuredText, type StructuredText } from '../core/structured-text.js';
import type { ScenarioSpec } from './spec.js';

const checkSchema = makeSchemaCheck(schema);

export function parseScenarioText(text: string, sourceName: string): { spec: ScenarioSpec; src: StructuredText } {
  const src = parseStructuredText(text, sourceName);
  checkSchema(src);
  const spec = src.value as ScenarioSpec;
  for (const [name, o] of Object.entries(spec.parameters ?? {})) {
    const hasValue = o.value !== undefined;
    if (hasValue === (o.scale !== undefined)) {
      throw errorAt(src, ['parameters', name], "expected exactly one of 'value' (with 'unit') or 'scale'");
    }
    if (hasValue && o.unit === undefined) throw errorAt(src, ['parameters', name, 'unit'], "expected 'unit' next to 'value'");
  }
  return { spec, src };
}
