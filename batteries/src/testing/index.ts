// The batteries' test kit: `import { batteryObjects, expectGolden } from '@batteries-included/batteries/testing'`.
// A battery's chart test renders through the real `generate()` from a deterministic snapshot, pins the output in
// committed golden YAML, and asserts the fields that matter. Tests only (it reads and writes files).
export { batteryObjects, findObject, generationFailure, objectNames } from './battery-objects.js';
export { syntheticBundle, syntheticBundles } from './bundles.js';
export { crdSchemaProblems } from './crd-schema.js';
export { expectGolden, expectGoldenText, goldenFiles } from './golden.js';
export { testSnapshot, testInstanceSnapshot } from './snapshot.js';
export { ingressReferenceProblems } from './ingress-references.js';
