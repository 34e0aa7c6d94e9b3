import {
  batteryObjects,
  findObject,
  generationFailure,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';
import { notebooksSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

describe('notebooks battery', () => {
  it('generates a JupyterLab StatefulSet with defaults', () => {
    const objects = batteryObjects('notebooks', { core: {}, notebooks: {} });
    expectGolden(objects, golden('default'));

    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Secret/jupyterlab-token',
      'Service/jupyterlab',
      'ServiceAccount/jupyterlab',
      'StatefulSet/jupyterlab',
    ]);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['battery-ai']));

    const set = findObject(objects, 'StatefulSet', 'jupyterlab');
    const pod = set.spec.template.spec;
    expect(set.spec.selector.matchLabels).toEqual(set.spec.template.metadata.labels);
    expect(findObject(objects, 'Service', 'jupyterlab').spec.selector).toEqual(
      set.spec.template.metadata.labels,
    );
    expect(findObject(objects, 'Service', 'jupyterlab').spec.ports).toEqual([
      { name: 'http', port: 8888, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
    ]);

    const [lab] = pod.containers;
    expect(lab.image).toBe('quay.io/jupyter/datascience-notebook:lab-4.5.0');
    expect(lab.ports).toEqual([{ name: 'http', containerPort: 8888, protocol: 'TCP' }]);
    expect(lab.readinessProbe.httpGet).toEqual({ path: '/api', port: 'http' });
    expect(lab.livenessProbe.httpGet).toEqual({ path: '/api', port: 'http' });
    expect(lab.resources).toEqual({
      requests: { cpu: '500m', memory: '2048Mi' },
      limits: { memory: '4096Mi' },
    });
    expect(lab.volumeMounts).toEqual([{ name: 'work', mountPath: '/home/jovyan/work' }]);
    expect(lab.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true });
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 100, fsGroup: 100 });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(set.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'work' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      },
    ]);
  });

  it('passes the generated token from the Secret the operator reads back', () => {
    const snapshot = testSnapshot({ core: {}, notebooks: {} });
    const token = snapshot.secretMaterial['notebooks/token']!;
    expect(token).toHaveLength(48);
    const objects = batteryObjects('notebooks', { core: {}, notebooks: {} });
    expect(findObject(objects, 'Secret', 'jupyterlab-token').stringData).toEqual({ token });
    const lab = findObject(objects, 'StatefulSet', 'jupyterlab').spec.template.spec.containers[0];
    expect(lab.env[0]).toEqual({
      name: 'JUPYTER_TOKEN',
      valueFrom: { secretKeyRef: { name: 'jupyterlab-token', key: 'token' } },
    });
    expect(JSON.stringify(findObject(objects, 'StatefulSet', 'jupyterlab'))).not.toContain(token);
  });

  it('applies a customised spec', () => {
    const spec = {
      image: { repository: 'quay.io/jupyter/pytorch-notebook', tag: 'cuda12-lab-4.5.0' },
      storageSize: '64Gi',
      resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' } },
      env: [{ name: 'PIP_INDEX_URL', value: 'https://pypi.internal/simple' }],
    };
    const objects = batteryObjects('notebooks', {
      core: { namespaces: { ai: 'ml' }, defaultSize: 'tiny' },
      notebooks: spec,
    });
    expectGolden(objects, golden('custom'));

    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['ml']));
    const set = findObject(objects, 'StatefulSet', 'jupyterlab');
    const [lab] = set.spec.template.spec.containers;
    expect(lab.image).toBe('quay.io/jupyter/pytorch-notebook:cuda12-lab-4.5.0');
    expect(lab.resources).toEqual({
      requests: { cpu: '2', memory: '8Gi' },
      limits: { cpu: '4', memory: '16Gi' },
    });
    expect(lab.env[1]).toEqual({ name: 'PIP_INDEX_URL', value: 'https://pypi.internal/simple' });
    expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('64Gi');
  });

  it('follows the platform size for the volume', () => {
    const objects = batteryObjects('notebooks', { core: { defaultSize: 'large' }, notebooks: {} });
    expect(
      findObject(objects, 'StatefulSet', 'jupyterlab').spec.volumeClaimTemplates[0].spec.resources.requests
        .storage,
    ).toBe('50Gi');
  });

  it('grows the live volume instead of editing the immutable claim template', () => {
    const live = [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'jupyterlab', namespace: 'battery-ai' },
        spec: {
          volumeClaimTemplates: [
            { metadata: { name: 'work' }, spec: { resources: { requests: { storage: '10Gi' } } } },
          ],
        },
      },
    ];
    const objects = batteryObjects('notebooks', { core: {}, notebooks: { storageSize: '20Gi' } }, live);
    expect(
      findObject(objects, 'StatefulSet', 'jupyterlab').spec.volumeClaimTemplates[0].spec.resources.requests
        .storage,
    ).toBe('10Gi');
    expect(
      findObject(objects, 'PersistentVolumeClaim', 'work-jupyterlab-0').spec.resources.requests.storage,
    ).toBe('20Gi');
  });

  it('rejects invalid specs, naming the field, without blocking other batteries', () => {
    expect(generationFailure('notebooks', { storageSize: 'big' })).toContain('spec.storageSize');
    expect(generationFailure('notebooks', { env: [{ name: '1X', value: 'y' }] })).toContain(
      'spec.env.0.name',
    );
    expect(
      generationFailure('notebooks', { env: [{ name: 'JUPYTER_TOKEN', value: 'guessable' }] }),
    ).toContain('spec.env.0.name: is set by the battery');
    expect(generationFailure('notebooks', { image: { repository: 'x', tag: 'bad tag' } })).toContain(
      'spec.image.tag',
    );

    const { batteries, objects } = generate(testSnapshot({ core: {}, notebooks: { token: 'x' } }));
    expect(batteries.find((b) => b.type === 'notebooks')).toMatchObject({
      status: 'failed',
      reason: 'InvalidSpec',
    });
    expect(batteries.find((b) => b.type === 'core')?.status).toBe('generated');
    expect(objects.some((o) => o.metadata.labels?.['batteriesincl.com/battery'] === 'notebooks')).toBe(false);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(notebooksSchema)).toEqual([]);
  });
});
