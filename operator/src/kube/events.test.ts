import type { KubeObject } from '@batteries-included/batteries';
import { eventName, type EventInput } from './events.js';

const involved = (name: string, uid = 'uid-1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'battery-core', uid },
});
const applied: EventInput = { type: 'Normal', reason: 'Applied', message: 'applied 3 objects' };

describe('eventName', () => {
  it('is the same for the same event about the same object', () => {
    expect(eventName(involved('settings'), applied)).toBe(eventName(involved('settings'), { ...applied }));
    expect(eventName(involved('settings'), applied)).toMatch(/^settings\.[0-9a-f]{16}$/);
  });

  it('differs when the type, reason, message or object incarnation differs', () => {
    const names = new Set([
      eventName(involved('settings'), applied),
      eventName(involved('settings'), { ...applied, type: 'Warning' }),
      eventName(involved('settings'), { ...applied, reason: 'Pruned' }),
      eventName(involved('settings'), { ...applied, message: 'applied 4 objects' }),
      eventName(involved('settings', 'uid-2'), applied),
    ]);
    expect(names.size).toBe(5);
  });

  it('stays a valid DNS subdomain for the longest object names', () => {
    const name = eventName(involved(`${'a'.repeat(199)}.${'b'.repeat(53)}`), applied);
    expect(name.length).toBeLessThanOrEqual(253);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
  });
});
