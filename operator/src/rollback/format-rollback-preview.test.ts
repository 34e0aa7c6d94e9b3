import { countChanges, type Change } from '../engine/plan/index.js';
import { formatRollbackPreview, formatRollbackSummary } from './format-rollback-preview.js';
import type { RollbackPreview } from './preview-rollback.js';

const change = (
  kind: string,
  namespace: string | undefined,
  name: string,
  battery: string,
  action: Change['action'],
): Change => {
  const ref = {
    group: kind === 'StatefulSet' ? 'apps' : '',
    version: 'v1',
    kind,
    name,
    ...(namespace ? { namespace } : {}),
  };
  const group = ref.group ? `.${ref.group}` : '';
  return { ref, key: `${kind}${group}/${namespace ? `${namespace}/` : ''}${name}`, battery, action };
};

const preview = (overrides: Partial<RollbackPreview> = {}): RollbackPreview => {
  const changes = [
    change('ConfigMap', 'battery-data', 'redis-config', 'redis', 'update'),
    change('StatefulSet', 'battery-data', 'redis', 'redis', 'update'),
    change('Secret', 'battery-data', 'redis-password', 'redis', 'unchanged'),
    change('ConfigMap', 'battery-core', 'loki-config', 'loki', 'prune'),
  ];
  return {
    pass: {
      id: 12,
      startedAt: new Date('2026-11-23T10:00:00Z'),
      status: 'succeeded',
      trigger: 'battery:redis',
    },
    batteries: [
      { type: 'core', action: 'unchanged', fields: [], notes: [] },
      {
        type: 'loki',
        action: 'uninstall',
        fields: [],
        notes: ['its objects will be pruned; its volumes (PersistentVolumeClaims, Namespaces) are kept'],
      },
      {
        type: 'redis',
        action: 'restore-spec',
        fields: [
          { path: 'spec.maxmemory', before: '1Gi' },
          { path: 'spec.maxmemoryPolicy', before: 'allkeys-lru', after: 'noeviction' },
        ],
        notes: [],
      },
    ],
    problems: [],
    objects: {
      basis: 'regenerated',
      plan: { changes, counts: countChanges(changes) },
      problems: [],
      differsFromRecorded: [],
      warnings: [],
    },
    ...overrides,
  };
};

describe('formatRollbackPreview', () => {
  it('prints batteries with their field diffs, notes, the object plan and a summary', () => {
    expect(formatRollbackPreview(preview())).toBe(
      [
        'Rollback to pass 12 (2026-11-23T10:00:00.000Z, succeeded, battery:redis)',
        '',
        'Battery  Action        Field                 Now            Restored',
        'core     unchanged',
        'loki     uninstall',
        'redis    restore spec  spec.maxmemory        "1Gi"          (absent)',
        '                       spec.maxmemoryPolicy  "allkeys-lru"  "noeviction"',
        '',
        'Notes:',
        '  loki: its objects will be pruned; its volumes (PersistentVolumeClaims, Namespaces) are kept',
        '',
        'Objects, regenerated from the restored specs against the live cluster:',
        'Namespace     Name          Kind              Battery  Op      Drift/Note',
        'battery-data  redis-config  ConfigMap         redis    update',
        'battery-data  redis         StatefulSet.apps  redis    update',
        'battery-core  loki-config   ConfigMap         loki     prune',
        '',
        'Plan: 0 create, 2 update, 0 drifted, 1 prune, 0 orphan (1 unchanged)',
        '',
        'Every object as pass 12 applied it.',
        '',
        'Rollback: 1 restore spec, 0 install, 1 uninstall (1 unchanged)',
      ].join('\n'),
    );
  });

  it('prints refusals, generation problems, objects that differ and warnings', () => {
    const text = formatRollbackPreview(
      preview({
        problems: [
          {
            battery: 'victoria-metrics',
            kind: 'breaks-dependent',
            message:
              'victoria-metrics: cannot be uninstalled: kube-monitoring stays installed and depends on it',
          },
        ],
        objects: {
          basis: 'recorded-manifest',
          plan: { changes: [], counts: countChanges([]) },
          problems: [{ battery: 'redis', message: 'redis: spec.maxmemoryPolicy: Invalid option' }],
          differsFromRecorded: ['Secret/battery-data/redis-password'],
          warnings: ['pass 12 was superseded midway'],
        },
      }),
    );
    expect(text).toContain(
      'Refused (nothing is written until these are resolved):\n' +
        '  victoria-metrics: cannot be uninstalled: kube-monitoring stays installed and depends on it',
    );
    expect(text).toContain('Objects, as pass 12 recorded them, against the current inventory');
    expect(text).toContain('Would generate nothing:\n  redis: redis: spec.maxmemoryPolicy: Invalid option');
    expect(text).toContain('Not as pass 12 applied them (1):\n  Secret/battery-data/redis-password');
    expect(text).toContain('Warning: pass 12 was superseded midway');
  });

  it('shortens long values and keeps control characters out of the table', () => {
    const text = formatRollbackPreview(
      preview({
        batteries: [
          {
            type: 'core',
            action: 'restore-spec',
            fields: [{ path: 'spec.clusterName', before: 'a\nb', after: 'x'.repeat(80) }],
            notes: [],
          },
        ],
      }),
      { maxValueLength: 10 },
    );
    expect(text).toContain('core     restore spec  spec.clusterName  "a\\nb"  "xxxxxxxx…');
  });

  it('lists unchanged objects on request', () => {
    expect(formatRollbackPreview(preview(), { showUnchanged: true })).toContain(
      'battery-data  redis-password  Secret            redis    unchanged',
    );
  });
});

describe('formatRollbackSummary', () => {
  it('counts every action, zero included', () => {
    expect(formatRollbackSummary([{ action: 'install' }, { action: 'install' }])).toBe(
      'Rollback: 0 restore spec, 2 install, 0 uninstall (0 unchanged)',
    );
  });
});
