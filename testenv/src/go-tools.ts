import { CERT_MANAGER_CONTROLLER, METALLB_CONTROLLER, OAUTH2_PROXY, type GoTool } from './go-tool.js';
import { VICTORIA_METRICS_TOOL } from './victoria-metrics.js';

/** Every Go tool the tests run; `npm run testenv -- tools` (which `npm test`'s setup runs) builds the missing ones. */
export const GO_TOOLS: readonly GoTool[] = [
  CERT_MANAGER_CONTROLLER,
  METALLB_CONTROLLER,
  VICTORIA_METRICS_TOOL,
  OAUTH2_PROXY,
];
