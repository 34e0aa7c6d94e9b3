import { randomBytes } from 'node:crypto';
import { secretFromBytes, type BatterySecretRequest } from '@batteries-included/batteries';

/**
 * Mints secret material from a CSPRNG: the `mint` of a pass, for material no live Secret holds yet (a battery's
 * first install, or a Secret deleted out of band). Prepare reads existing material back instead.
 */
export function mintRandom(request: BatterySecretRequest): string {
  return secretFromBytes(request, (count) => randomBytes(count));
}
