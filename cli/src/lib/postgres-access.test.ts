import type { Instance } from '@batteries-included/operator/api-types';
import {
  accessInfo,
  chooseUser,
  maskPassword,
  MASK,
  psqlEnvironment,
  type PostgresCredentials,
} from './postgres-access.js';

const cluster = (spec: Record<string, unknown>) =>
  ({ namespace: 'orders', name: 'orders', spec }) as Pick<Instance, 'namespace' | 'name' | 'spec'>;
const users = [{ username: 'reader' }, { username: 'app' }];

// A password with every character the connection strings escape: percent-encoding in the URI, quoting in the DSN.
const password = `p@ss w'o\\rd/42`;
const credentials: PostgresCredentials = {
  secret: 'orders/cloudnative-pg.pg-orders.app',
  host: 'pg-orders-rw.orders.svc',
  port: '5432',
  username: 'app',
  password,
  database: 'orders',
  dsn: `host=pg-orders-rw.orders.svc port=5432 user='app' password='p@ss w\\'o\\\\rd/42' dbname='orders' sslmode=prefer`,
  uri: `postgresql://app:${encodeURIComponent(password)}@pg-orders-rw.orders.svc:5432/orders?sslmode=prefer`,
};

describe('connecting to a Postgres cluster', () => {
  it('connects as the database’s owner by default, else as the first user', () => {
    expect(chooseUser(cluster({ users, database: { name: 'orders', owner: 'app' } }))).toBe('app');
    expect(chooseUser(cluster({ users }))).toBe('reader');
  });

  it('connects as the requested user only when the cluster declares it, naming its users otherwise', () => {
    expect(chooseUser(cluster({ users, database: { name: 'orders', owner: 'app' } }), 'reader')).toBe(
      'reader',
    );
    expect(() => chooseUser(cluster({ users }), 'postgres')).toThrow(
      '--user postgres: Postgres cluster orders/orders has no such user; its users: reader, app',
    );
    expect(() => chooseUser(cluster({}))).toThrow(
      'Postgres cluster orders/orders declares no users; add one to its spec.users to connect',
    );
  });

  it('masks the password in every form the DSN and the URI carry it', () => {
    expect(maskPassword(credentials.dsn, password)).toBe(
      `host=pg-orders-rw.orders.svc port=5432 user='app' password='${MASK}' dbname='orders' sslmode=prefer`,
    );
    expect(maskPassword(credentials.uri, password)).toBe(
      `postgresql://app:${MASK}@pg-orders-rw.orders.svc:5432/orders?sslmode=prefer`,
    );
    expect(maskPassword('no password here', '')).toBe('no password here');
  });

  it('leaves the password out of the access information unless it is to be shown', () => {
    const hidden = accessInfo(cluster({}), credentials, { showPassword: false });
    expect(hidden).toEqual({
      cluster: 'orders',
      namespace: 'orders',
      host: 'pg-orders-rw.orders.svc',
      port: '5432',
      database: 'orders',
      username: 'app',
      secret: 'orders/cloudnative-pg.pg-orders.app',
      dsn: maskPassword(credentials.dsn, password),
      uri: maskPassword(credentials.uri, password),
    });
    const text = JSON.stringify(hidden);
    for (const form of [password, encodeURIComponent(password), 'p@ss', 'o\\\\rd'])
      expect(text).not.toContain(form);
    const shown = accessInfo(cluster({}), credentials, { showPassword: true });
    expect(shown).toMatchObject({ password, dsn: credentials.dsn, uri: credentials.uri });
  });

  it('gives psql the credentials in libpq’s environment, keeping the caller’s other variables', () => {
    const env = psqlEnvironment(
      credentials,
      { host: '127.0.0.1', port: 15432 },
      { PATH: '/usr/bin', PGHOST: 'elsewhere', PGAPPNAME: 'mine' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      PGAPPNAME: 'mine',
      PGHOST: '127.0.0.1',
      PGPORT: '15432',
      PGUSER: 'app',
      PGPASSWORD: password,
      PGDATABASE: 'orders',
    });
  });
});
