import type { Migration } from '@batteries-included/sql';
import { initial } from './001-initial.js';
import { bundles } from './002-bundles.js';

/** Every migration, in version order. Append only. */
export const MIGRATIONS: readonly Migration[] = [initial, bundles];
