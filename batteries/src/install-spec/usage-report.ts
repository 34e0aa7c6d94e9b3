import { z } from 'zod';
import { sha256Hex } from '../hash/sha256.js';

/**
 * A usage report: what an installation's operator tells Home Base about its cluster, carried as the `report` claim
 * of a JWS signed with the installation's key (the operator's usage reporter sends it, Home Base verifies and
 * stores it). One format for both ends: the operator builds a `UsageReport`, Home Base parses the claim with
 * `usageReportSchema`, whose bounds are what Home Base accepts.
 */
export const usageReportSchema = z
  .object({
    version: z.string().min(1).max(64).meta({ description: "The operator's version." }),
    batteries: z
      .array(z.string().regex(/^[a-z0-9-]{1,63}$/))
      .max(200)
      .meta({ description: 'Installed battery types, sorted.' }),
    nodes: z.int().min(0).max(100_000),
    pods: z
      .int()
      .min(0)
      .max(10_000_000)
      .meta({ description: 'Pods that have not finished (not Succeeded or Failed).' }),
    podsByNode: z
      .record(z.string().max(253), z.int().min(0))
      .default({})
      .meta({ description: 'Those pods by the node they run on; unscheduled pods are left out.' }),
  })
  // Unknown fields are dropped, not refused: a newer operator's report still counts.
  .strip();

/** A usage report as the operator sends it and Home Base stores it. */
export type UsageReport = z.output<typeof usageReportSchema>;

/**
 * How logs name an installation, on both ends (Home Base, and the operator that reports): `sha256:` and the first 12
 * hex digits of the SHA-256 of its id. The id is the capability that fetches the install spec (which carries the
 * installation's private key until the first report), so it never appears in logs.
 * @example installationLogId('4f1c…') // 'sha256:9b1d0c3e5a77'
 */
export function installationLogId(id: string): string {
  return `sha256:${sha256Hex(id).slice(0, 12)}`;
}
