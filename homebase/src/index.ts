// Home Base's public face: the app factory, the store and what tests and the CLI may use.
export { createHomeBaseApp, type HomeBaseApp, type HomeBaseAppOptions } from './web/app.js';
export { installCommand } from './web/routes/installations.js';
export { createStore, openStore, type Store } from './store/store.js';
export { createPgSql, createPgliteSql, type Sql } from '@batteries-included/sql';
export { createSecretBox, type SecretBox } from './crypto/secret-box.js';
export { createKeyring, generateEs256Jwk, type Keyring } from './signing/keys.js';
export { buildInstallSpec, resolveBatteries } from './install-specs.js';
export { verifyUsageReport } from './reports.js';
export { estimateMonthly, PRICING, type Estimate } from './estimate.js';
export { loadConfig, type HomeBaseConfig } from './config.js';
export type * from './store/types.js';
