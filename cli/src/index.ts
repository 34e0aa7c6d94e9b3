// The CLI's public face: what tests and other workspaces may use.
export { EXIT_CODES, EXIT_CODE_MEANINGS, type ExitCode, type ExitCodeName } from './lib/exit-codes.js';
export {
  CliFailure,
  InvalidInputError,
  ClusterUnreachableError,
  MissingToolError,
  ToolFailedError,
  WaitTimeoutError,
  InterruptedError,
  toCliFailure,
} from './lib/errors.js';
export { BaseCommand, type GlobalFlags, type CommandArgs } from './lib/base-command.js';
export { formatTable, formatData, OUTPUT_FORMATS, type OutputFormat } from './lib/output.js';
