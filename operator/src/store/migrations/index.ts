import { initial } from './001-initial.js';
import { bundles } from './002-bundles.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, in version order. Append only. */
export const MIGRATIONS: readonly Migration[] = [initial, bundles];
