import { describeMigrationContract } from './migrate.contract.js';
import { bool, bytes, integer, json, optionalText, StoreRowError, text, timestamp } from './rows.js';
import { SqlUsageError, type Sql } from './sql.js';
import { SQLSTATE, sqlState } from './sql-state.js';

/**
 * The behaviour every adapter of the `Sql` port must show (see `Sql`), run against a real PostgreSQL server, PGlite
 * in process and PGlite in its own process. `openSql` must give a fresh, empty database (or schema) on every call.
 */
export function describeSqlContract(name: string, openSql: () => Promise<Sql>): void {
  describe(`sql contract: ${name}`, () => {
    let sql: Sql;
    // Opening a PGlite database takes ~0.7 s idle and several seconds on a loaded 2-core machine: give the hooks
    // room (a timeout, not an assertion on time).
    beforeEach(async () => {
      sql = await openSql();
      await sql.query('CREATE TABLE scratch (n integer)');
    }, 60_000);
    afterEach(() => sql?.close(), 60_000);

    const scratch = async () =>
      (await sql.query('SELECT n FROM scratch ORDER BY n')).map((row) => integer(row, 'n'));

    describeStatements(() => sql);
    describeTransactions(() => sql, scratch);
    describeErrors(() => sql, scratch);
    describeConcurrency(() => sql, scratch);
    describeMigrationContract(openSql);
  });
}

function describeStatements(db: () => Sql): void {
  describe('statements, parameters and types', () => {
    it('binds $n parameters as values, never as SQL text', async () => {
      const hostile = "x'); DROP TABLE scratch; --";
      await db().query('CREATE TABLE words (w text)');
      await db().query('INSERT INTO words VALUES ($1)', [hostile]);
      expect(await db().query('SELECT w FROM words')).toEqual([{ w: hostile }]);
      expect(await db().query('SELECT count(*)::int AS n FROM scratch')).toEqual([{ n: 0 }]);
    });

    it('returns rows as objects keyed by column name, in the order the query gives', async () => {
      expect(await db().query('SELECT n, n * 10 AS tens FROM generate_series(3, 1, -1) AS n')).toEqual([
        { n: 3, tens: 30 },
        { n: 2, tens: 20 },
        { n: 1, tens: 10 },
      ]);
      expect(await db().query('SELECT 1 AS n WHERE false')).toEqual([]);
    });

    it('round-trips every type the row helpers read, whichever way the driver hands it back', async () => {
      const at = new Date('2026-01-02T03:04:05.678Z');
      const document = { a: [1, 'two', null], nested: { ok: true } };
      const id = '6f1c2f4e-1b7a-4c55-9b2e-8f0e3c1d2a3b';
      const [row] = await db().query(
        `SELECT $1::int AS i, $2::bigint AS big, $3::text AS t, $4::boolean AS b, $5::timestamptz AS ts,
                $6::text::jsonb AS j, $7::bytea AS by, NULL::text AS nothing, $8::uuid AS id, $9::text[] AS words`,
        [
          42,
          '9007199254740991',
          'héllo ✓ "quoted"',
          true,
          at,
          JSON.stringify(document),
          Uint8Array.from([0, 1, 255]),
          id,
          ['a', 'b c'],
        ],
      );
      expect(row).toBeDefined();
      expect(row!.i).toBe(42);
      expect(integer(row!, 'big')).toBe(Number.MAX_SAFE_INTEGER);
      expect(text(row!, 't')).toBe('héllo ✓ "quoted"');
      expect(bool(row!, 'b')).toBe(true);
      expect(timestamp(row!, 'ts')).toEqual(at);
      expect(json(row!, 'j')).toEqual(document);
      expect(Array.from(bytes(row!, 'by'))).toEqual([0, 1, 255]);
      expect(row!.nothing).toBeNull();
      expect(optionalText(row!, 'nothing')).toBeUndefined();
      expect(text(row!, 'id')).toBe(id);
      expect(row!.words).toEqual(['a', 'b c']);
    });

    it('refuses, naming the column, an integer beyond what a number holds exactly', async () => {
      const [row] = await db().query('SELECT 9007199254740993::bigint AS too_big');
      expect(() => integer(row!, 'too_big')).toThrow(StoreRowError);
      expect(() => integer(row!, 'too_big')).toThrow(/column too_big: expected a safe integer/);
    });

    it('takes NULL parameters and JSON text for jsonb', async () => {
      const [row] = await db().query('SELECT $1::text AS nothing, $2::jsonb AS j', [null, '["x",1]']);
      expect(row).toEqual({ nothing: null, j: ['x', 1] });
    });
  });
}

function describeTransactions(db: () => Sql, scratch: () => Promise<number[]>): void {
  describe('transactions', () => {
    it('commits what the callback wrote and resolves with what it returned', async () => {
      const result = await db().transaction(async (tx) => {
        await tx.query('INSERT INTO scratch VALUES (1), (2)');
        return 'done';
      });
      expect(result).toBe('done');
      expect(await scratch()).toEqual([1, 2]);
    });

    it('rolls back everything a failed transaction wrote', async () => {
      await expect(
        db().transaction(async (tx) => {
          await tx.query('INSERT INTO scratch VALUES (1)');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await scratch()).toEqual([]);
    });

    it('nests a transaction as a savepoint', async () => {
      await db().transaction(async (tx) => {
        await tx.query('INSERT INTO scratch VALUES (1)');
        await tx
          .transaction(async (inner) => inner.query('INSERT INTO scratch VALUES (2)'))
          .then(() => undefined);
        await tx
          .transaction(async (inner) => {
            await inner.query('INSERT INTO scratch VALUES (3)');
            throw new Error('undo 3 only');
          })
          .catch(() => undefined);
      });
      expect(await scratch()).toEqual([1, 2]);
    });

    it('undoes only the innermost of doubly nested savepoints, and all of them when the outer one fails', async () => {
      await db().transaction(async (tx) => {
        await tx.query('INSERT INTO scratch VALUES (1)');
        await tx.transaction(async (middle) => {
          await middle.query('INSERT INTO scratch VALUES (2)');
          await middle
            .transaction(async (inner) => {
              await inner.query('INSERT INTO scratch VALUES (3)');
              throw new Error('undo 3');
            })
            .catch(() => undefined);
          await middle.query('INSERT INTO scratch VALUES (4)');
        });
        await tx
          .transaction(async (middle) => {
            await middle.query('INSERT INTO scratch VALUES (5)');
            await middle.transaction(async (inner) => inner.query('INSERT INTO scratch VALUES (6)'));
            throw new Error('undo 5 and 6');
          })
          .catch(() => undefined);
      });
      expect(await scratch()).toEqual([1, 2, 4]);
    });

    it('rolls back the whole transaction when a nested one fails and the error goes through', async () => {
      await expect(
        db().transaction(async (tx) => {
          await tx.query('INSERT INTO scratch VALUES (1)');
          await tx.transaction(async () => {
            throw new Error('not caught');
          });
        }),
      ).rejects.toThrow('not caught');
      expect(await scratch()).toEqual([]);
    });

    it("refuses a transaction's handle once the transaction has ended, and closing a handle", async () => {
      let kept!: Sql;
      await db().transaction(async (tx) => {
        kept = tx;
        await expect(tx.close()).rejects.toThrow(SqlUsageError);
      });
      await expect(kept.query('INSERT INTO scratch VALUES (1)')).rejects.toThrow(SqlUsageError);
      await expect(kept.query('INSERT INTO scratch VALUES (1)')).rejects.toThrow(/transaction has ended/);
      expect(await scratch()).toEqual([]);
    });
  });
}

function describeErrors(db: () => Sql, scratch: () => Promise<number[]>): void {
  describe('errors', () => {
    it('surface with their SQLSTATE, message and constraint', async () => {
      await db().query('CREATE TABLE keys (k text CONSTRAINT keys_pk PRIMARY KEY)');
      await db().query("INSERT INTO keys VALUES ('x')");
      const duplicate = await db()
        .query("INSERT INTO keys VALUES ('x')")
        .catch((error: unknown) => error);
      expect(sqlState(duplicate)).toBe(SQLSTATE.uniqueViolation);
      expect(duplicate).toMatchObject({
        constraint: 'keys_pk',
        message: expect.stringMatching(/duplicate key/),
      });
      await expect(db().query('SELECT * FROM missing_table')).rejects.toMatchObject({
        code: SQLSTATE.undefinedTable,
      });
      await expect(db().query('SELEC 1')).rejects.toMatchObject({ code: SQLSTATE.syntaxError });
      await expect(db().query('SELECT $1::int AS n', ['not a number'])).rejects.toMatchObject({
        code: SQLSTATE.invalidTextRepresentation,
      });
      // The database stays usable after each of them.
      expect(await db().query('SELECT 1 AS n')).toEqual([{ n: 1 }]);
    });

    it('reject the transaction they happen in with the same error, rolling it back', async () => {
      await db().query('CREATE TABLE keys (k text PRIMARY KEY)');
      await db().query("INSERT INTO keys VALUES ('x')");
      await expect(
        db().transaction(async (tx) => {
          await tx.query('INSERT INTO scratch VALUES (1)');
          await tx.query("INSERT INTO keys VALUES ('x')");
        }),
      ).rejects.toMatchObject({ code: SQLSTATE.uniqueViolation });
      expect(await scratch()).toEqual([]);
    });

    it('fail the rest of the transaction, which never reports a commit it did not make', async () => {
      const seen: (string | undefined)[] = [];
      const outcome = await db()
        .transaction(async (tx) => {
          await tx.query('INSERT INTO scratch VALUES (1)');
          seen.push(sqlState(await tx.query('SELECT * FROM missing_table').catch((error: unknown) => error)));
          seen.push(
            sqlState(await tx.query('INSERT INTO scratch VALUES (2)').catch((error: unknown) => error)),
          );
          return 'swallowed';
        })
        .catch((error: unknown) => error);
      expect(seen).toEqual([SQLSTATE.undefinedTable, SQLSTATE.inFailedTransaction]);
      expect(sqlState(outcome)).toBe(SQLSTATE.undefinedTable);
      expect(await scratch()).toEqual([]);
    });

    it('in a nested transaction that is rolled back leave the outer transaction going', async () => {
      await db().transaction(async (tx) => {
        await tx.query('INSERT INTO scratch VALUES (1)');
        const inner = await tx
          .transaction((nested) => nested.query('SELECT * FROM missing_table'))
          .catch((e: unknown) => e);
        expect(sqlState(inner)).toBe(SQLSTATE.undefinedTable);
        await tx.query('INSERT INTO scratch VALUES (2)');
      });
      expect(await scratch()).toEqual([1, 2]);
    });

    it('refuse every call after close(), which may be called twice', async () => {
      await db().close();
      await db().close();
      await expect(db().query('SELECT 1')).rejects.toThrow(SqlUsageError);
      await expect(db().transaction(async () => 'never')).rejects.toThrow(SqlUsageError);
    });
  });
}

function describeConcurrency(db: () => Sql, scratch: () => Promise<number[]>): void {
  describe('concurrency', () => {
    it("never runs another caller's statement inside an open transaction", async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const didInsert = new Promise<void>((resolve) => (inserted = resolve));
      const transaction = db()
        .transaction(async (tx) => {
          await tx.query('INSERT INTO scratch VALUES (1)');
          inserted();
          await held;
          throw new Error('roll back the 1');
        })
        .catch(() => undefined);
      await didInsert;
      // Outside the transaction: must neither see the uncommitted 1 nor be rolled back with it.
      // In this order: run concurrently on pg's pool, the committed 2 could be counted before the SELECT.
      const outside = (async () => {
        const rows = await db().query('SELECT count(*)::int AS n FROM scratch');
        await db().query('INSERT INTO scratch VALUES (2)');
        return rows;
      })();
      setTimeout(release, 50);
      const [seen] = await outside;
      await transaction;
      expect(seen).toEqual({ n: 0 });
      expect(await scratch()).toEqual([2]);
    });

    it('loses no update when concurrent transactions read and write one row under FOR UPDATE', async () => {
      await db().query('INSERT INTO scratch VALUES (0)');
      const increment = () =>
        db().transaction(async (tx) => {
          const [row] = await tx.query('SELECT n FROM scratch FOR UPDATE');
          await tx.query('UPDATE scratch SET n = $1', [integer(row!, 'n') + 1]);
        });
      await Promise.all(Array.from({ length: 12 }, increment));
      expect(await scratch()).toEqual([12]);
    });

    it('answers concurrent statements each with its own rows', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => db().query('SELECT $1::int * 2 AS n', [i])),
      );
      expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => [{ n: i * 2 }]));
    });
  });
}
