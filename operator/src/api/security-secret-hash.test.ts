// Issue 20, item 14: the hash of a Secret object — its `batteriesincl.com/hash`, the config hash of the pods that
// mount it, and the hash recorded in history — is keyed by the installation's object-hash key, so whoever reads
// the annotation or the store cannot test guesses of a value offline. Prepare reads the key back from its Secret
// (or mints it), Generate stays pure, and the store never holds the key in clear.
import {
  CONFIG_HASH_ANNOTATION,
  HASH_ANNOTATION,
  OBJECT_HASH_KEY_MATERIAL,
  generate,
  hashObject,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import { createPgliteSql, type Sql } from '@batteries-included/sql';
import { prepareSnapshot } from '../engine/decide/prepare-snapshot.js';
import { asStored } from '../engine/plan/drift.js';
import { mintRandom } from '../engine/mint-secret.js';
import { passRecord } from '../store/fixtures.js';
import { createStore, type Store } from '../store/store.js';

const BATTERIES = [
  {
    apiVersion: 'batteries.batteriesincl.com/v1alpha1',
    kind: 'CoreBattery',
    metadata: { name: 'core' },
    spec: {},
  },
  {
    apiVersion: 'batteries.batteriesincl.com/v1alpha1',
    kind: 'RedisBattery',
    metadata: { name: 'redis' },
    spec: {},
  },
] as KubeObject[];

/** A pass's Prepare and Generate over `live`, minting with a CSPRNG as the operator does. */
function pass(live: readonly KubeObject[] = []) {
  const { snapshot } = prepareSnapshot({
    batteries: BATTERIES,
    live: new Map(live.map((object) => [objectKey(object), object])),
    mint: mintRandom,
  });
  return { snapshot, objects: generate(snapshot).objects };
}

const find = (objects: readonly KubeObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('security: Secret hashes are keyed (operator)', () => {
  let store: Store;
  let sql: Sql;
  beforeAll(async () => {
    sql = await createPgliteSql();
    store = await createStore(sql);
  }, 60_000);
  afterAll(() => store?.close());

  it('14. a correct guess of a Secret value cannot be confirmed from the hash annotation or the config hash', () => {
    const { snapshot, objects } = pass();
    const secret = find(objects, 'Secret', 'redis-password') as KubeObject & {
      stringData: Record<string, string>;
    };
    const password = snapshot.secretMaterial['redis/password']!;
    // The attacker knows everything about the object but the password, and guesses it right: the guess rebuilds
    // exactly this object (the hash leaves the hash annotation itself out).
    const guessed: KubeObject = { ...secret, stringData: { ...secret.stringData, password } };
    const annotation = secret.metadata.annotations![HASH_ANNOTATION];
    expect(hashObject(guessed)).not.toBe(annotation);
    expect(annotation).toBe(hashObject(guessed, snapshot.secretMaterial[OBJECT_HASH_KEY_MATERIAL]));
    // The pods' config hash covers the same values: keyed too.
    const statefulSet = find(objects, 'StatefulSet', 'redis') as KubeObject & {
      spec: { template: { metadata: { annotations: Record<string, string> } } };
    };
    const configHash = statefulSet.spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION]!;
    // The same snapshot without the key hashes as before the fix: plainly, so a guess could be confirmed.
    const { [OBJECT_HASH_KEY_MATERIAL]: _key, ...withoutKey } = snapshot.secretMaterial;
    const plain = generate({ ...snapshot, secretMaterial: withoutKey }).objects;
    const plainStatefulSet = find(plain, 'StatefulSet', 'redis') as typeof statefulSet;
    expect(plainStatefulSet.spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION]).not.toBe(configHash);
    expect(find(plain, 'Secret', 'redis-password').metadata.annotations![HASH_ANNOTATION]).toBe(
      hashObject(guessed),
    );
  });

  it('14. the key is read back from its Secret, so a replayed or later pass gives the same bytes', () => {
    const first = pass();
    const key = first.snapshot.secretMaterial[OBJECT_HASH_KEY_MATERIAL]!;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const second = pass(first.objects.map(asStored));
    expect(second.snapshot.secretMaterial[OBJECT_HASH_KEY_MATERIAL]).toBe(key);
    expect(JSON.stringify(second.objects)).toBe(JSON.stringify(first.objects));
    // Replaying the recorded snapshot value is pure: the same bytes again.
    expect(JSON.stringify(generate(second.snapshot).objects)).toBe(JSON.stringify(first.objects));
  });

  it('14. a changed Secret value still changes its hash (plans and drift keep working)', () => {
    const { snapshot, objects } = pass();
    const changed = generate({
      ...snapshot,
      secretMaterial: { ...snapshot.secretMaterial, 'redis/password': 'another-password-of-32-characters' },
    }).objects;
    const before = find(objects, 'Secret', 'redis-password').metadata.annotations![HASH_ANNOTATION];
    const after = find(changed, 'Secret', 'redis-password').metadata.annotations![HASH_ANNOTATION];
    expect(after).not.toBe(before);
    // Objects that hold no Secret values keep their plain content hash.
    const service = find(objects, 'Service', 'redis');
    expect(service.metadata.annotations![HASH_ANNOTATION]).toBe(hashObject(service));
  });

  it('14. history records the keyed hash, and the store holds neither the key nor the values in clear', async () => {
    const { snapshot, objects } = pass();
    const key = snapshot.secretMaterial[OBJECT_HASH_KEY_MATERIAL]!;
    const password = snapshot.secretMaterial['redis/password']!;
    // As the pass records: the change set's hash is the desired object's annotation (or, absent, read from it).
    await store.recordPass(
      passRecord(
        objects.map((object, index) => ({
          ref: objectKey(object),
          action: 'create' as const,
          object,
          ...(index % 2 === 0 ? { hash: object.metadata.annotations![HASH_ANNOTATION] } : {}),
        })),
        { snapshot },
      ),
    );
    const secret = find(objects, 'Secret', 'redis-password');
    const ref = objectKey(secret);
    const [row] = await sql.query('SELECT hash FROM pass_objects WHERE ref = $1', [ref]);
    const [inventory] = await sql.query('SELECT hash FROM inventory WHERE ref = $1', [ref]);
    expect(row!.hash).toBe(secret.metadata.annotations![HASH_ANNOTATION]);
    expect(inventory!.hash).toBe(secret.metadata.annotations![HASH_ANNOTATION]);
    const keySecret = find(objects, 'Secret', 'object-hash-key');
    const [keyRow] = await sql.query('SELECT hash FROM inventory WHERE ref = $1', [objectKey(keySecret)]);
    expect(keyRow!.hash).toBe(keySecret.metadata.annotations![HASH_ANNOTATION]);
    // Nothing in the store spells out the key or the password.
    for (const table of ['documents', 'passes', 'pass_objects', 'inventory', 'settings']) {
      const text = JSON.stringify(await sql.query(`SELECT * FROM ${table}`));
      expect([table, text.includes(key)]).toEqual([table, false]);
      expect([table, text.includes(password)]).toEqual([table, false]);
      expect([table, text.includes(Buffer.from(key).toString('base64'))]).toEqual([table, false]);
    }
  });
});
