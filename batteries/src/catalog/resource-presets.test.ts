import { z } from 'zod';
import { installOrder } from '../dependencies.js';
import { generate } from '../generate.js';
import { BATTERY_LABEL } from '../model/labels.js';
import { SIZES, type Size } from '../schema/resources.js';
import { testSnapshot } from '../testing/snapshot.js';
import { CATALOG } from './index.js';

type Json = Record<string, unknown>;

/** Dot paths of the spec's `resources` fields: objects whose properties are exactly `requests` and `limits`. */
function resourcesPaths(schema: unknown, path: readonly string[] = []): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Json;
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  const here = Object.keys(properties).sort().join(',') === 'limits,requests' ? [path.join('.')] : [];
  const nested = Object.entries(properties).flatMap(([key, child]) => resourcesPaths(child, [...path, key]));
  const options = ((node.anyOf ?? []) as unknown[]).flatMap((option) => resourcesPaths(option, path));
  return [...here, ...nested, ...options];
}

/** Every container `resources` block in the objects. */
function containerResources(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(containerResources);
  if (typeof value !== 'object' || value === null) return [];
  const node = value as Json;
  const own = Array.isArray(node.containers)
    ? (node.containers as Json[]).map((container) => container.resources)
    : [];
  return [...own, ...Object.values(node).flatMap(containerResources)];
}

describe('resource presets', () => {
  it.each(CATALOG.map((battery) => [battery.type, battery] as const))(
    '%s has presets for exactly its resources fields',
    (_type, battery) => {
      const paths = [...new Set(resourcesPaths(z.toJSONSchema(battery.schema, { io: 'input' })))].sort();
      expect(Object.keys(battery.resourcePresets ?? {}).sort()).toEqual(paths);
    },
  );

  const withPresets = CATALOG.filter((battery) => Object.keys(battery.resourcePresets ?? {}).length > 0);
  it.each(withPresets.flatMap((battery) => SIZES.map((size) => [battery.type, size, battery] as const)))(
    "%s at platform size %s renders each container's preset",
    (type, size: Size, battery) => {
      // With its integrations too: some containers (Redis' metrics exporter) run only beside them.
      const everything = installOrder([type, ...battery.integrations]);
      const specs: Record<string, unknown> = Object.fromEntries(everything.map((t) => [t, {}]));
      specs.core = { defaultSize: size };
      const result = generate(testSnapshot(specs));
      const own = result.objects.filter((object) => object.metadata.labels?.[BATTERY_LABEL] === type);
      const rendered = containerResources(own);
      for (const presets of Object.values(battery.resourcePresets ?? {}))
        expect(rendered).toContainEqual(presets[size]);
    },
  );
});
