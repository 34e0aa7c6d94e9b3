import { createHash, createHmac } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { createRedactor, DIGEST_PREFIX, generateRedactionKey, secretValuesOf } from './redact.js';
import { KEYCLOAK_API_VERSION } from '@batteries-included/batteries';
import { configMap, secret } from './fixtures.js';

const KEY = 'ab'.repeat(32);
const redactor = createRedactor(KEY);

describe('createRedactor', () => {
  it('replaces every data and stringData value of a Secret with a keyed digest, leaving no clear or base64 value', () => {
    const object = secret(
      'db',
      { password: 'hunter2-but-longer', user: 'admin' },
      { stringData: { token: 's3cr3t-token' } },
    );
    const redacted = redactor.redactObject(object);
    const text = JSON.stringify(redacted);
    for (const value of [
      'hunter2-but-longer',
      'admin',
      's3cr3t-token',
      ...Object.values(object.data as Record<string, string>),
    ]) {
      expect(text).not.toContain(value);
    }
    expect(Object.keys(redacted.data as object)).toEqual(['password', 'user']);
    expect(Object.values({ ...(redacted.data as object), ...(redacted.stringData as object) })).toEqual([
      expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/),
      expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/),
      expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/),
    ]);
  });

  it('gives equal values equal digests, whether they come base64 in data or plain in stringData', () => {
    const a = redactor.redactObject(secret('a', { password: 'same-value' }));
    const b = redactor.redactObject(secret('b', {}, { stringData: { other: 'same-value' } }));
    const c = redactor.redactObject(secret('c', { password: 'changed-value' }));
    expect((a.data as Record<string, string>).password).toBe((b.stringData as Record<string, string>).other);
    expect((a.data as Record<string, string>).password).not.toBe((c.data as Record<string, string>).password);
  });

  it('is HMAC-SHA256 under the store key: another key gives other digests, and none is the plain SHA-256', () => {
    const expected = createHmac('sha256', Buffer.from(KEY, 'hex')).update('value-1').digest('hex');
    expect(redactor.digest('value-1')).toBe(`${DIGEST_PREFIX}${expected}`);
    expect(createRedactor(generateRedactionKey()).digest('value-1')).not.toBe(redactor.digest('value-1'));
    expect(redactor.digest('value-1')).not.toContain(createHash('sha256').update('value-1').digest('hex'));
  });

  it('redacts the last-applied-configuration annotation, which repeats the values', () => {
    const object = secret('db', { password: 'hunter2-but-longer' });
    object.metadata.annotations = {
      ...object.metadata.annotations,
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: object.data }),
    };
    const redacted = redactor.redactObject(object);
    expect(JSON.stringify(redacted)).not.toContain((object.data as Record<string, string>).password);
    expect(redacted.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toMatch(
      /^hmac-sha256:/,
    );
  });

  it('returns other objects untouched, and never mutates a Secret', () => {
    const map = configMap('settings', { password: 'not-a-secret-here' });
    expect(redactor.redactObject(map)).toBe(map);
    const object = secret('db', { password: 'hunter2-but-longer' });
    const before = JSON.stringify(object);
    redactor.redactObject(object);
    expect(JSON.stringify(object)).toBe(before);
  });

  it('scrubs known values out of free text, longest first, and leaves short values alone', () => {
    const text = 'Secret "db" is invalid: data.password: "hunter2-but-longer" (prefix hunter2) x=abc';
    const scrubbed = redactor.scrubText(text, ['hunter2', 'hunter2-but-longer', 'abc']);
    expect(scrubbed).not.toContain('hunter2');
    expect(scrubbed).toContain(`"${redactor.digest('hunter2-but-longer')}"`);
    expect(scrubbed).toContain(`(prefix ${redactor.digest('hunter2')})`);
    expect(scrubbed).toContain('x=abc');
  });

  it("replaces a Keycloak client's secret with its digest, like a Secret's values, and keeps the rest", () => {
    const client = {
      apiVersion: KEYCLOAK_API_VERSION,
      kind: 'KeycloakClient',
      metadata: { name: 'grafana', namespace: 'batterycore' },
      spec: { clientId: 'grafana', secret: 'client-secret-value-1', redirectUris: ['http://g/cb'] },
    };
    const redacted = redactor.redactObject(client);
    expect(redacted.spec).toEqual({
      clientId: 'grafana',
      secret: redactor.digest('client-secret-value-1'),
      redirectUris: ['http://g/cb'],
    });
    expect(JSON.stringify(redacted)).not.toContain('client-secret-value-1');
    expect(client.spec.secret).toBe('client-secret-value-1');
    expect(secretValuesOf([client])).toEqual(['client-secret-value-1']);
    const publicClient = { ...client, spec: { clientId: 'control' } };
    expect(redactor.redactObject(publicClient)).toBe(publicClient);
  });

  it('rejects a key shorter than 32 bytes', () => {
    expect(() => createRedactor('ab'.repeat(16))).toThrow(RangeError);
    expect(() => createRedactor('not hex at all, but long enough to be 64 characters in length!!!')).toThrow(
      RangeError,
    );
  });
});

describe('secretValuesOf', () => {
  it('lists decoded and base64 data values and stringData values of Secrets only', () => {
    const values = secretValuesOf([
      secret('db', { password: 'pw-one' }, { stringData: { token: 'tok-two' } }),
      configMap('cm', { key: 'visible' }),
    ]);
    expect(values.sort()).toEqual([Buffer.from('pw-one').toString('base64'), 'pw-one', 'tok-two'].sort());
  });
});
