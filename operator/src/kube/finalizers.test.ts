import { withFinalizer, withoutFinalizer } from './finalizers.js';

describe('finalizer lists', () => {
  it('adds a finalizer after the others, and reports nothing to do when it is there', () => {
    expect(withFinalizer(undefined, 'ours')).toEqual(['ours']);
    expect(withFinalizer(['theirs'], 'ours')).toEqual(['theirs', 'ours']);
    expect(withFinalizer(['ours', 'theirs'], 'ours')).toBeUndefined();
  });

  it('removes only that finalizer, and reports nothing to do when it is absent', () => {
    expect(withoutFinalizer(['theirs', 'ours'], 'ours')).toEqual(['theirs']);
    expect(withoutFinalizer(['ours'], 'ours')).toEqual([]);
    expect(withoutFinalizer(['theirs'], 'ours')).toBeUndefined();
    expect(withoutFinalizer(undefined, 'ours')).toBeUndefined();
  });
});
