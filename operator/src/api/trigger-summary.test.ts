import { splitTriggers, summarizeTriggers } from './trigger-summary.js';

describe('summarizeTriggers', () => {
  it('counts object triggers per verb instead of listing every ref', () => {
    const refs = Array.from({ length: 7 }, (_, i) => `deleted:Service/battery-data/redis-${i}`);
    expect(summarizeTriggers(['battery:redis', ...refs, 'resync'].join(','))).toBe(
      'battery redis, 7 deleted objects, resync',
    );
  });

  it('lists the batteries and keeps other triggers as they are, in order of first appearance', () => {
    expect(summarizeTriggers('startup,battery:grafana,battery:loki,manual')).toBe(
      'startup, batteries grafana, loki, manual',
    );
    expect(summarizeTriggers('edited:StatefulSet.apps/battery-data/redis by kubectl')).toBe(
      '1 edited object',
    );
  });

  it('is empty for an empty trigger', () => {
    expect(summarizeTriggers('')).toBe('');
  });
});

describe('splitTriggers', () => {
  it('keeps the writer list of an edited trigger with its trigger', () => {
    expect(splitTriggers('edited:Deployment.apps/a/b by kubectl, helm,resync')).toEqual([
      'edited:Deployment.apps/a/b by kubectl, helm',
      'resync',
    ]);
  });
});
