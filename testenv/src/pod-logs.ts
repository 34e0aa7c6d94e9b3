import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a cluster's simulated containers read their log lines from (see `TestClusterOptions.podLogs`). */
export interface PodLogFiles {
  /** Every container's current log: append lines with `appendPodLog`. */
  readonly current: string;
  /** What `?previous=true` answers (a crashed container's log). */
  readonly previous: string;
  /** The kwok configuration naming both files. */
  readonly config: string;
}

/**
 * Writes the kwok configuration that serves every pod's container logs from two files in `dataDir` (a
 * `ClusterLogs` matching every pod, followed), and creates the files empty.
 */
export function preparePodLogs(dataDir: string): PodLogFiles {
  const files = {
    current: join(dataDir, 'pod.log'),
    previous: join(dataDir, 'pod-previous.log'),
    config: join(dataDir, 'kwok-logs.yaml'),
  };
  writeFileSync(files.current, '');
  writeFileSync(files.previous, '');
  writeFileSync(
    files.config,
    [
      'apiVersion: kwok.x-k8s.io/v1alpha1',
      'kind: ClusterLogs',
      'metadata:',
      '  name: every-pod',
      'spec:',
      '  logs:',
      `    - logsFile: ${JSON.stringify(files.current)}`,
      `      previousLogsFile: ${JSON.stringify(files.previous)}`,
      '      follow: true',
      '',
    ].join('\n'),
  );
  return files;
}

/**
 * Appends lines to a simulated container log in the CRI format kwok reads (`<RFC 3339 time> stdout F <line>`), as
 * a container runtime writes them: followers see them at once.
 * @example appendPodLog(cluster.podLogs!.current, ['listening on :8080'])
 */
export function appendPodLog(file: string, lines: readonly string[], at: Date = new Date()): void {
  const stamp = at.toISOString().replace('Z', '000000Z');
  appendFileSync(file, lines.map((line) => `${stamp} stdout F ${line}\n`).join(''));
}
