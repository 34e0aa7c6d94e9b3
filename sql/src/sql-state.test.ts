import { isUniqueViolation, SQLSTATE, sqlState } from './sql-state.js';

describe('sqlState', () => {
  it("reads a database error's SQLSTATE and nothing else's code", () => {
    expect(sqlState({ code: '23505', message: 'duplicate key' })).toBe('23505');
    expect(sqlState({ code: '42P01' })).toBe(SQLSTATE.undefinedTable);
    expect(sqlState(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(sqlState({ code: 404 })).toBeUndefined();
    expect(sqlState('23505')).toBeUndefined();
    expect(sqlState(null)).toBeUndefined();
  });

  it('tells a unique violation', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
  });
});
