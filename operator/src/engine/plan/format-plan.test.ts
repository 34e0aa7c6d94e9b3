import { HASH_ANNOTATION, type KubeObject } from '@batteries-included/batteries';
import { countChanges, type Change, type ChangeSet } from './change-set.js';
import { formatPlan } from './format-plan.js';
import { planChanges } from './plan-changes.js';

const PASSWORD = 'correct-horse-battery-staple';
const HASH = '9f2c6e1d4b7a8c3e5f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60';

function secret(password: string, hash: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'redis-password',
      namespace: 'battery-data',
      labels: { 'batteriesincl.com/battery': 'redis' },
      annotations: { [HASH_ANNOTATION]: hash },
    },
    stringData: { password },
  };
}

const changeSet = (changes: Change[]): ChangeSet => ({ changes, counts: countChanges(changes) });

describe('formatPlan', () => {
  it('never prints Secret values or hashes, only refs and field paths', () => {
    const live = secret('', HASH);
    live.data = { password: 'b2xkLXBhc3N3b3Jk' }; // "old-password", changed out of band
    delete live.stringData;
    const drifted = planChanges(
      [secret(PASSWORD, HASH)],
      new Map([['Secret/battery-data/redis-password', live]]),
      new Map(),
    );
    const updated = planChanges(
      [secret(PASSWORD, `${HASH}-v2`)],
      new Map([['Secret/battery-data/redis-password', live]]),
      new Map(),
    );
    const text = formatPlan(drifted) + formatPlan(updated);
    expect(formatPlan(drifted)).toBe(
      `
Namespace     Name            Kind    Battery  Op       Drift/Note
battery-data  redis-password  Secret  redis    drifted  data.password

Plan: 0 create, 0 update, 1 drifted, 0 prune, 0 orphan (0 unchanged)`.trim(),
    );
    for (const secretText of [PASSWORD, 'b2xkLXBhc3N3b3Jk', 'old-password', HASH, HASH.slice(0, 7)]) {
      expect(text).not.toContain(secretText);
    }
  });

  it('hides unchanged objects unless asked, and counts them in the summary', () => {
    const unchanged: Change = {
      ref: { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'battery-core', name: 'settings' },
      key: 'ConfigMap/battery-core/settings',
      action: 'unchanged',
    };
    expect(formatPlan(changeSet([unchanged]))).toBe(
      'Plan: 0 create, 0 update, 0 drifted, 0 prune, 0 orphan (1 unchanged)',
    );
    expect(formatPlan(changeSet([unchanged]), { showUnchanged: true })).toBe(
      `
Namespace     Name      Kind       Battery  Op         Drift/Note
battery-core  settings  ConfigMap  -        unchanged

Plan: 0 create, 0 update, 0 drifted, 0 prune, 0 orphan (1 unchanged)`.trim(),
    );
  });

  it('keeps one line per change even if a name carried a control character', () => {
    const change: Change = {
      ref: { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'battery-core', name: 'bad\nname' },
      key: 'ConfigMap/battery-core/bad\nname',
      action: 'create',
    };
    expect(formatPlan(changeSet([change])).split('\n')).toHaveLength(4);
  });
});
