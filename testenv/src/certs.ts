import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ComponentError } from './errors.js';

const run = promisify(execFile);

/** Paths of the PKI files a test cluster needs, all under one directory. */
export interface Pki {
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
}

/**
 * Creates a throwaway CA, the API server's serving certificate (127.0.0.1, localhost and the in-cluster
 * names), an admin client certificate in `system:masters`, and the service-account signing key pair.
 * Uses the `openssl` command (Debian's openssl package); EC P-256 keys keep it fast (~50 ms in all).
 */
export async function createPki(dir: string): Promise<Pki> {
  const p = (name: string) => join(dir, name);
  const pki: Pki = {
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    servingCert: p('apiserver.crt'),
    servingKey: p('apiserver.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    serviceAccountKey: p('sa.key'),
    serviceAccountPub: p('sa.pub'),
  };
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl([
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    pki.caKey,
    '-out',
    pki.caCert,
    '-days',
    '3650',
    '-subj',
    '/CN=testenv-ca',
  ]);

  const san = [
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
    'IP:127.0.0.1',
    'IP:10.0.0.1',
  ].join(',');
  const servingExt = p('apiserver.ext');
  writeFileSync(
    servingExt,
    `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n`,
  );
  await signed(pki, p('apiserver.csr'), pki.servingKey, pki.servingCert, '/CN=kube-apiserver', servingExt);

  const clientExt = p('client.ext');
  writeFileSync(clientExt, 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  await signed(
    pki,
    p('admin.csr'),
    pki.adminKey,
    pki.adminCert,
    '/O=system:masters/CN=testenv-admin',
    clientExt,
  );

  await openssl([
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-out',
    pki.serviceAccountKey,
  ]);
  await openssl(['pkey', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
  return pki;

  async function signed(ca: Pki, csr: string, key: string, cert: string, subject: string, ext: string) {
    await openssl(['req', '-new', ...ecKey, '-keyout', key, '-out', csr, '-subj', subject]);
    await openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.caCert,
      '-CAkey',
      ca.caKey,
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      '3650',
      '-extfile',
      ext,
    ]);
  }
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    const reason =
      e.code === 'ENOENT'
        ? 'openssl is not installed (apt-get install openssl)'
        : (e.stderr ?? e.message).trim();
    throw new ComponentError('pki', reason, `openssl ${args.join(' ')}`, undefined, { cause: error });
  }
}
