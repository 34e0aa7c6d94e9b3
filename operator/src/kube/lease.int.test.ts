import { kubectl } from '@batteries-included/testenv';
import { createKubeClient, loadKubeConfig } from './client.js';
import { createLeaderElector, type LeaderElectionOptions, type LeaderElector } from './lease.js';
import { eventually } from '@batteries-included/testenv';

const config = loadKubeConfig(process.env.BI_TEST_KUBECONFIG);
const client = createKubeClient(config);
const namespace = `kube-lease-${Math.random().toString(36).slice(2, 8)}`;
const electors: LeaderElector[] = [];
let leaseNumber = 0;

/** Two contenders for a Lease of their own, so tests do not share one. */
function contenders(options: Partial<LeaderElectionOptions> = {}): [LeaderElector, LeaderElector, string] {
  const name = `lease-${++leaseNumber}`;
  const make = (identity: string) => {
    const elector = createLeaderElector(config, { namespace, name, identity, ...options });
    electors.push(elector);
    return elector;
  };
  return [make('replica-a'), make('replica-b'), name];
}

async function holder(name: string): Promise<Record<string, unknown>> {
  const lease = JSON.parse(await kubectl(['get', 'lease', name, '-n', namespace, '-o', 'json'])) as {
    spec: Record<string, unknown>;
  };
  return lease.spec;
}

beforeAll(async () => {
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
});

afterEach(async () => {
  await Promise.all(electors.splice(0).map((elector) => elector.release()));
});

afterAll(async () => {
  await client.delete({ group: '', version: 'v1', kind: 'Namespace', name: namespace });
});

describe('leader election on a real Lease', () => {
  it('makes exactly one of two racing contenders leader, and keeps it so while it renews', async () => {
    const [a, b, name] = contenders();
    const results = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [leader, follower] = a.isLeader() ? [a, b] : [b, a];
    expect([leader.isLeader(), follower.isLeader()]).toEqual([true, false]);

    for (let round = 0; round < 3; round++) {
      expect(await Promise.all([follower.tryAcquireOrRenew(), leader.tryAcquireOrRenew()])).toEqual([
        false,
        true,
      ]);
    }
    const spec = await holder(name);
    expect(spec).toMatchObject({
      holderIdentity: a.isLeader() ? 'replica-a' : 'replica-b',
      leaseDurationSeconds: 15,
    });
    expect(spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('hands over on release: the other contender acquires at its very next attempt', async () => {
    const [a, b, name] = contenders();
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);

    await a.release();
    expect(a.isLeader()).toBe(false);
    expect(await holder(name)).toMatchObject({ holderIdentity: '' });
    expect(await b.tryAcquireOrRenew()).toBe(true);
    expect(await holder(name)).toMatchObject({ holderIdentity: 'replica-b', leaseTransitions: 1 });
  });

  it('hands over between running loops, calling onAcquired and not onLost', async () => {
    const calls: string[] = [];
    const make = (identity: string) => {
      const elector = createLeaderElector(config, {
        namespace,
        name: 'lease-loops',
        identity,
        renewIntervalMs: 200,
        onAcquired: () => calls.push(`${identity} acquired`),
        onLost: () => calls.push(`${identity} lost`),
      });
      electors.push(elector);
      return elector;
    };
    const a = make('replica-a');
    a.start();
    await eventually(() => expect(a.isLeader()).toBe(true));
    const b = make('replica-b');
    b.start();
    await a.release();
    await eventually(() => expect(b.isLeader()).toBe(true));
    expect(calls).toEqual(['replica-a acquired', 'replica-b acquired']);
  });

  it('tells the leader it lost when another holder takes the Lease', async () => {
    const lost: string[] = [];
    const [a, , name] = contenders({ onLost: (reason) => lost.push(reason) });
    expect(await a.tryAcquireOrRenew()).toBe(true);
    await kubectl([
      'patch',
      'lease',
      name,
      '-n',
      namespace,
      '--type=merge',
      '-p',
      '{"spec":{"holderIdentity":"intruder"}}',
    ]);
    expect(await a.tryAcquireOrRenew()).toBe(false);
    expect(a.isLeader()).toBe(false);
    expect(lost).toEqual(['the Lease is held by intruder']);
  });

  it('takes over a Lease whose holder stopped renewing, once it has seen it unchanged for the lease duration', async () => {
    let clock = 0;
    const [a, b, name] = contenders({ now: () => clock });
    expect(await a.tryAcquireOrRenew()).toBe(true);
    // a goes silent. b has to watch the Lease stay unchanged for 15 s of its own clock before it may take over.
    expect(await b.tryAcquireOrRenew()).toBe(false);
    clock += 14_000;
    expect(await b.tryAcquireOrRenew()).toBe(false);
    clock += 1_000;
    expect(await b.tryAcquireOrRenew()).toBe(true);
    expect(await holder(name)).toMatchObject({ holderIdentity: 'replica-b', leaseTransitions: 1 });
  });
});
