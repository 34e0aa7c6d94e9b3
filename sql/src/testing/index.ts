// Test helpers of the SQL workspace (`@batteries-included/sql/testing`): databases for integration tests.
export { testSchemas, type TestSchemas, type TestSchemasOptions } from './test-schemas.js';
export { testDataDirs, type TestDataDirs } from './test-data-dirs.js';
