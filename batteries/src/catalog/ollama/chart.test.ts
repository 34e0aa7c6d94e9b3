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
import type { KubeObject } from '../../model/kube-object.js';
import { ollamaSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

describe('ollama battery', () => {
  it('generates the Ollama server with defaults', () => {
    const objects = batteryObjects('ollama', { core: {}, ollama: {} });
    expectGolden(objects, golden('default'));

    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/ollama',
      'PersistentVolumeClaim/ollama-models',
      'Service/ollama',
      'ServiceAccount/ollama',
    ]);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['battery-ai']));

    const deployment = findObject(objects, 'Deployment', 'ollama');
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(findObject(objects, 'Service', 'ollama').spec.selector).toEqual(
      deployment.spec.template.metadata.labels,
    );
    expect(findObject(objects, 'Service', 'ollama').spec.ports).toEqual([
      { name: 'http', port: 11434, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
    ]);

    const [server, puller] = pod.containers;
    expect(server.image).toBe('docker.io/ollama/ollama:0.13.2');
    expect(server.ports).toEqual([{ name: 'http', containerPort: 11434, protocol: 'TCP' }]);
    expect(server.env).toEqual([
      { name: 'HOME', value: '/ollama' },
      { name: 'OLLAMA_HOST', value: '0.0.0.0:11434' },
      { name: 'OLLAMA_MODELS', value: '/ollama/models' },
      { name: 'OLLAMA_KEEP_ALIVE', value: '5m' },
      { name: 'OLLAMA_NUM_PARALLEL', value: '1' },
    ]);
    expect(server.resources).toEqual({
      requests: { cpu: '1000m', memory: '4096Mi' },
      limits: { memory: '8192Mi' },
    });
    expect(server.readinessProbe.httpGet).toEqual({ path: '/api/version', port: 'http' });
    expect(server.livenessProbe.httpGet).toEqual({ path: '/api/version', port: 'http' });
    expect(server.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true });
    expect(pod.tolerations).toBeUndefined();
    expect(pod.volumes).toContainEqual({
      name: 'models',
      persistentVolumeClaim: { claimName: 'ollama-models' },
    });
    expect(
      findObject(objects, 'PersistentVolumeClaim', 'ollama-models').spec.resources.requests.storage,
    ).toBe('50Gi');

    // The default model is pulled by a sidecar that cannot hold readiness back.
    expect(puller.name).toBe('pull-models');
    expect(puller.command.slice(-2)).toEqual(['pull-models', 'llama3.2:1b']);
    expect(puller.readinessProbe).toBeUndefined();
    expect(puller.env).toContainEqual({ name: 'OLLAMA_HOST', value: '127.0.0.1:11434' });
  });

  it('reserves GPUs, tolerates GPU nodes and passes the tuning options', () => {
    const spec = {
      models: ['qwen2.5:7b', 'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M', 'qwen2.5:7b'],
      gpuCount: 2,
      keepAlive: '1h30m',
      numParallel: 4,
      storageSize: '200Gi',
      resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { memory: '32Gi' } },
    };
    const objects = batteryObjects('ollama', { core: { namespaces: { ai: 'llm' } }, ollama: spec });
    expectGolden(objects, golden('custom'));

    const pod = findObject(objects, 'Deployment', 'ollama').spec.template.spec;
    const [server, puller] = pod.containers;
    expect(server.resources).toEqual({
      requests: { cpu: '4', memory: '16Gi' },
      limits: { memory: '32Gi', 'nvidia.com/gpu': '2' },
    });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(server.env).toContainEqual({ name: 'OLLAMA_KEEP_ALIVE', value: '1h30m' });
    expect(server.env).toContainEqual({ name: 'OLLAMA_NUM_PARALLEL', value: '4' });
    // Duplicates are pulled once; names are arguments, not part of the script.
    expect(puller.command.slice(4)).toEqual([
      'qwen2.5:7b',
      'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
    ]);
    expect(puller.command[2]).not.toContain('qwen');
    expect(findObject(objects, 'PersistentVolumeClaim', 'ollama-models').metadata.namespace).toBe('llm');
    expect(
      findObject(objects, 'PersistentVolumeClaim', 'ollama-models').spec.resources.requests.storage,
    ).toBe('200Gi');
  });

  it('runs no puller when no models are listed', () => {
    const objects = batteryObjects('ollama', { core: {}, ollama: { models: [] } });
    expect(
      findObject(objects, 'Deployment', 'ollama').spec.template.spec.containers.map(
        (c: { name: string }) => c.name,
      ),
    ).toEqual(['ollama']);
  });

  it('never asks the models volume to shrink', () => {
    const claim = (storage: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'ollama-models', namespace: 'battery-ai' },
      spec: { resources: { requests: { storage } } },
    });
    const size = (objects: KubeObject[]) =>
      findObject(objects, 'PersistentVolumeClaim', 'ollama-models').spec.resources.requests.storage;
    // The platform size went down from large (100Gi) to small (20Gi): the live 100Gi stays.
    expect(
      size(batteryObjects('ollama', { core: { defaultSize: 'small' }, ollama: {} }, [claim('100Gi')])),
    ).toBe('100Gi');
    // Growing works: the spec asks for more than the live claim has.
    expect(
      size(batteryObjects('ollama', { core: {}, ollama: { storageSize: '80Gi' } }, [claim('50Gi')])),
    ).toBe('80Gi');
  });

  it('rejects invalid specs, naming the field, without blocking other batteries', () => {
    expect(generationFailure('ollama', { gpuCount: 9 })).toContain('spec.gpuCount');
    expect(generationFailure('ollama', { gpuCount: 1.5 })).toContain('spec.gpuCount');
    expect(generationFailure('ollama', { numParallel: 0 })).toContain('spec.numParallel');
    expect(generationFailure('ollama', { keepAlive: '5 minutes' })).toContain('spec.keepAlive');
    expect(generationFailure('ollama', { models: ['llama3; rm -rf /'] })).toContain('spec.models.0');

    const { batteries, objects } = generate(testSnapshot({ core: {}, ollama: { gpus: 1 } }));
    expect(batteries.find((b) => b.type === 'ollama')).toMatchObject({
      status: 'failed',
      reason: 'InvalidSpec',
    });
    expect(batteries.find((b) => b.type === 'core')?.status).toBe('generated');
    expect(objects.some((o) => o.metadata.labels?.['batteriesincl.com/battery'] === 'ollama')).toBe(false);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(ollamaSchema)).toEqual([]);
  });
});
