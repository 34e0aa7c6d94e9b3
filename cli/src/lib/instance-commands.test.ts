import type { Instance } from '@batteries-included/operator/api-types';
import { parseUser } from '../commands/postgres/create.js';
import { deleteCommandFor, describeInstance } from './instance-commands.js';
import { fieldOptions, POSTGRES, REDIS, SERVICES } from './instances.js';

const cluster = {
  kind: 'PostgresCluster',
  plural: 'postgresclusters',
  namespace: 'orders',
  name: 'orders',
  spec: { instances: 1, size: 'tiny' },
  status: {
    connection: { host: 'pg-orders-rw.orders.svc', port: '5432', secrets: 'cloudnative-pg.pg-orders.app' },
  },
  ready: 'True',
} as unknown as Instance;

describe('the instance commands’ helpers', () => {
  it('prints the kubectl command that deletes a kept object, by its singular resource and group', () => {
    expect(deleteCommandFor('Cluster.postgresql.cnpg.io/orders/pg-orders')).toBe(
      'kubectl delete cluster.postgresql.cnpg.io pg-orders -n orders',
    );
    expect(deleteCommandFor('ObjectStore.barmancloud.cnpg.io/orders/pg-orders')).toBe(
      'kubectl delete objectstore.barmancloud.cnpg.io pg-orders -n orders',
    );
  });

  it('reads a --user as a name with optional role options', () => {
    expect(parseUser('app')).toEqual({ username: 'app' });
    expect(parseUser('app:login,createdb')).toEqual({ username: 'app', roles: ['login', 'createdb'] });
    expect(() => parseUser(':login')).toThrow('--user :login: expected NAME or NAME:role,role');
  });

  it('describes an instance with its connection information, and credentials only when given', () => {
    const hidden = describeInstance(cluster, POSTGRES, []);
    expect(hidden).toContain('PostgresCluster orders/orders');
    expect(hidden).toMatch(/^ {2}host:\s+pg-orders-rw\.orders\.svc$/m);
    expect(hidden).toMatch(/^Size:\s+tiny$/m);
    expect(hidden).not.toContain('Secret orders/');
    const shown = describeInstance(
      cluster,
      POSTGRES,
      [],
      [
        {
          namespace: 'orders',
          name: 'cloudnative-pg.pg-orders.app',
          data: { password: 's3cret', username: 'app' },
        },
      ],
    );
    expect(shown).toContain('Secret orders/cloudnative-pg.pg-orders.app:');
    expect(shown).toMatch(/^ {2}password:\s+s3cret$/m);
  });

  it('takes the kinds and the accepted values from the catalog', () => {
    expect(POSTGRES.kinds.postgres).toEqual({ kind: 'PostgresCluster', plural: 'postgresclusters' });
    expect(REDIS.kinds.redis).toEqual({ kind: 'RedisInstance', plural: 'redisinstances' });
    expect(Object.values(SERVICES.kinds).map((k) => k.plural)).toEqual([
      'traditionalservices',
      'knativeservices',
    ]);
    expect(fieldOptions('RedisInstance', 'mode')).toEqual([
      'standalone',
      'replication',
      'sentinel',
      'cluster',
    ]);
    expect(fieldOptions('PostgresCluster', 'size')).toContain('tiny');
  });
});
