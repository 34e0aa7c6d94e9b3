/** How many times each model is tried before it is skipped. */
export const PULL_ATTEMPTS = 5;

/**
 * The shell script of the `pull-models` sidecar. It waits until the server answers, then pulls each model
 * given as an argument through the server's API (so the files land in the server's models volume). A
 * model that still fails after {@link PULL_ATTEMPTS} attempts (30 s apart) is logged and skipped; the pod
 * retries when it restarts. Afterwards the script sleeps, so the sidecar does not restart and re-pull.
 * Models are passed as arguments (`"$@"`), never spliced into the script, so a name cannot inject shell.
 */
export function pullModelsScript(): string {
  return [
    'set -u',
    'until ollama list >/dev/null 2>&1; do sleep 2; done',
    'failed=""',
    'for model in "$@"; do',
    '  attempt=1',
    '  until ollama pull "$model"; do',
    `    if [ "$attempt" -ge ${PULL_ATTEMPTS} ]; then failed="$failed $model"; break; fi`,
    '    attempt=$((attempt + 1))',
    '    echo "pulling $model failed; retrying in 30s (attempt $attempt)" >&2',
    '    sleep 30',
    '  done',
    'done',
    'if [ -n "$failed" ]; then echo "could not pull:$failed" >&2; else echo "all models pulled"; fi',
    'exec sleep infinity',
    '',
  ].join('\n');
}
