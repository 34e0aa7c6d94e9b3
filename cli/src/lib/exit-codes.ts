/**
 * Every exit code `bi` uses, in one table (documented in cli/README.md; a test keeps the two in step).
 * Scripts may rely on these: they do not change meaning between releases.
 */
export const EXIT_CODES = {
  /** Success; for `bi diff`, nothing would change. */
  ok: 0,
  /** `bi diff` found changes, or an operation failed on the cluster or the operator's API. */
  failed: 1,
  /** Bad input: an unknown battery or flag, an invalid value, a spec or values file that does not validate. */
  usage: 2,
  /** The cluster (or the operator's API) cannot be reached, or refused our credentials. */
  unreachable: 3,
  /** A program `bi` needs (kind, docker, psql) is not installed or not on PATH. */
  missingTool: 4,
  /** Waiting (for batteries to become Ready, for the operator) ran out of time. */
  timeout: 5,
  /** Interrupted (Ctrl-C): `bi` stopped between steps; re-running converges. */
  interrupted: 130,
} as const;

export type ExitCodeName = keyof typeof EXIT_CODES;
export type ExitCode = (typeof EXIT_CODES)[ExitCodeName];

/** What each code means, for the README table. */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCodeName, string>> = {
  ok: 'success; for `bi diff`, nothing would change',
  failed: '`bi diff` found changes, or an operation failed on the cluster or the operator API',
  usage:
    'bad input: unknown battery or flag, invalid `--set` value, a spec or values file that does not validate',
  unreachable: 'the cluster or the operator API cannot be reached or refused the credentials',
  missingTool: 'a program `bi` needs (`kind`, `docker`, `psql`) is not on PATH',
  timeout: 'waiting (for batteries to be Ready, for the operator) ran out of time',
  interrupted: 'interrupted (Ctrl-C) between steps; re-running converges',
};
