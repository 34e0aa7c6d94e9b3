// The CLI renders deploy/base itself (users have no kustomize); it must match what `kubectl kustomize` renders.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { objectKey, type KubeObject } from '@batteries-included/batteries';
import { DEPLOY_BASE_DIR, renderOperatorManifests } from '../src/start/operator-manifests.js';

const run = promisify(execFile);
const byKey = (objects: KubeObject[]) => new Map(objects.map((o) => [objectKey(o), o]));

describe('bi start renders deploy/base like kubectl kustomize', () => {
  it('produces the same objects, field for field, except the CRD copy it applies from its own build', async () => {
    const { stdout } = await run(process.env.BI_TEST_KUBECTL!, ['kustomize', DEPLOY_BASE_DIR], {
      maxBuffer: 64 << 20,
    });
    const kustomized = parseAllDocuments(stdout)
      .map((d) => d.toJSON() as KubeObject)
      .filter((o) => o.kind !== 'CustomResourceDefinition');
    const ours = byKey(renderOperatorManifests());
    expect([...ours.keys()].sort()).toEqual(kustomized.map(objectKey).sort());
    for (const expected of kustomized) expect(ours.get(objectKey(expected))).toEqual(expected);
  });
});
