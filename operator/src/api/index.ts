// The operator's HTTP API (docs/api.md): what main.ts wires and tests call through app.request().
export { createApiApp, createControlApp, EVENTS_PATH, type ControlAppOptions } from './app.js';
export type { ApiOptions, ClusterView } from './api-options.js';
export {
  ensureApiToken,
  ensureApiTokens,
  writeAccessInfo,
  API_TOKEN_SECRET,
  ACCESS_INFO_CONFIGMAP,
  VIEWER_TOKEN_KEY,
  type ApiTokens,
} from './api-access.js';
export { startApiTokenSource, type ApiTokenSource } from './api-token-source.js';
export { VIEWER_POSTS } from './auth.js';
export type { Principal, Role as ApiRole } from './principal.js';
export { API_FIELD_MANAGER } from './battery-writer.js';
export { openApiDocument } from './openapi.js';
export {
  problemOf,
  ApiProblem,
  PROBLEM_BASE,
  type Problem,
  type ProblemSlug,
  type FieldError,
} from './problem.js';
export { specErrors } from './spec-validation.js';
export { createOperatorControlApp, type OperatorControlAppOptions } from './control-server.js';
