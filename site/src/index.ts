// The site's public face: the build (for tests and scripts) and the checks it runs.
export { buildSite, outputPath, REPO_ROOT, type SiteFile, type SiteFiles } from './site.js';
export { siteConfig, DEFAULT_HOME_BASE_URL, type SiteConfig } from './config.js';
export { serveSite, type ServeOptions } from './serve.js';
export { checkSite, htmlPages, landingBytes, LANDING_BUDGET_BYTES } from './site-checks.js';
export { checkLinks, checkPage, attributeValues, type SiteProblem } from './link-check.js';
export { catalogReference, batteryReference, type BatteryReference } from './reference/battery-reference.js';
export { schemaFields, type FieldRow, type SchemaFields } from './reference/schema-fields.js';
