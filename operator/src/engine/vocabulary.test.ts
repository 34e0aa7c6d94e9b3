import { configMap, removal, result } from '../store/fixtures.js';
import { countResults, resultActionOf } from './vocabulary.js';

const a = configMap('a', { v: '1' });
const b = configMap('b', { v: '1' }, 'redis', 'battery-data');

describe('countResults', () => {
  it('counts each action under its past-tense name, zero when absent', () => {
    const objects = [
      result('create', a),
      result('unchanged', b),
      removal('prune', 'ConfigMap/x/y'),
      removal('orphan', 'PersistentVolumeClaim/x/z'),
    ];
    expect(countResults(objects)).toEqual({
      created: 1,
      updated: 0,
      unchanged: 1,
      drifted: 0,
      pruned: 1,
      orphaned: 1,
      failed: 0,
    });
  });
});

describe('resultActionOf', () => {
  it('records the action carried out, unchanged when nothing was needed, and failed for any failure', () => {
    expect(resultActionOf('drifted', 'done')).toBe('drifted');
    expect(resultActionOf('drifted', 'unchanged')).toBe('unchanged');
    expect(resultActionOf('prune', 'failed')).toBe('failed');
  });
});
