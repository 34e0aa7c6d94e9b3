import {
  INSTALL_SPEC_VERSION,
  findBattery,
  installOrder,
  installSpecSchema,
  type InstallSpec,
} from '@batteries-included/batteries';
import type { Installation } from './store/types.js';

/**
 * The batteries an installation gets for a selection: the selected types with their dependencies, in install
 * order (core always included). Throws `UnknownBatteryError` for a type the catalog does not know.
 */
export function resolveBatteries(selected: readonly string[]): string[] {
  return installOrder(['core', ...selected]);
}

/**
 * The install spec `bi start` reads for an installation: core carries the cluster settings, every other battery
 * its schema's defaults. Each battery spec is checked against its battery's schema; so is the whole spec.
 */
export function buildInstallSpec(
  installation: Installation,
  homeBase: { url: string; installationKey: Record<string, unknown> },
): InstallSpec {
  const batteries = installation.batteries.map((type) => {
    const spec: Record<string, unknown> =
      type === 'core'
        ? {
            clusterType: installation.provider,
            clusterName: installation.slug,
            usage: installation.usage,
            defaultSize: installation.defaultSize,
          }
        : {};
    const battery = findBattery(type);
    if (!battery) throw new Error(`installation ${installation.id}: unknown battery "${type}"`);
    battery.schema.parse(spec);
    return { type, spec };
  });
  return installSpecSchema.parse({
    apiVersion: INSTALL_SPEC_VERSION,
    slug: installation.slug,
    kubeCluster: { provider: installation.provider, config: {} },
    usage: installation.usage,
    defaultSize: installation.defaultSize,
    batteries,
    homeBase: {
      url: homeBase.url,
      installationId: installation.id,
      installationKey: homeBase.installationKey,
    },
  });
}
