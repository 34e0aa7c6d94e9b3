import { CATALOG, INSTANCE_KINDS } from '@batteries-included/batteries';
import { crdPlural } from '@batteries-included/crds';
import { catalogObjects, readExampleInstances, readExampleSpecs } from './catalog-objects.js';
import { renderClusterRole } from './cluster-role-file.js';
import { parseCheckFlag, syncGeneratedFile } from './generated-file.js';
import { operatorRules, type ExplainedRule } from './operator-rules.js';
import { CLUSTER_ROLE_PATH, EXAMPLES_DIR, REPO_DIR } from './paths.js';

export const SYNTH_RBAC_COMMAND = 'node --conditions=source --import tsx deploy/scripts/synth-rbac.ts';

/** The operator's rules for the catalog as it is now, with the examples under `examplesDir`. */
export function catalogOperatorRules(examplesDir: string = EXAMPLES_DIR): ExplainedRule[] {
  return operatorRules({
    objects: catalogObjects(readExampleSpecs(examplesDir), readExampleInstances(examplesDir)),
    // Instances are read, status-written and held like Battery objects.
    batteryPlurals: [
      ...CATALOG.map((battery) => crdPlural(battery.type)),
      ...INSTANCE_KINDS.map((definition) => definition.plural),
    ],
  });
}

/** deploy/base/cluster-role.yaml as it should be now. */
export function renderOperatorClusterRole(examplesDir: string = EXAMPLES_DIR): string {
  return renderClusterRole(catalogOperatorRules(examplesDir));
}

/** `synth-rbac [--check]`: writes deploy/base/cluster-role.yaml, or exits 1 when it is stale. */
export function runSynthRbac(args: readonly string[]): number {
  const check = parseCheckFlag(args, 'synth-rbac [--check]');
  if (check === undefined) return 2;
  return syncGeneratedFile(CLUSTER_ROLE_PATH, renderOperatorClusterRole(), SYNTH_RBAC_COMMAND, {
    check,
    root: REPO_DIR,
  });
}
