export { applyChangeSet, type ApplyChangeSetOptions } from './apply-change-set.js';
export type { ApplyPort } from './apply-port.js';
export { withRetry, type RetryOptions } from './retry.js';
