import {
  batteryObjects,
  findObject,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { parse } from 'yaml';
import { generate } from '../../generate.js';
import type { KubeObject } from '../../model/kube-object.js';
import { secretRequests } from '../../secret-material.js';
import { grafanaSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  isDefault: boolean;
}
const datasources = (objects: KubeObject[]) =>
  (
    parse(
      (findObject(objects, 'ConfigMap', 'grafana-datasources').data as Record<string, string>)[
        'datasources.yaml'
      ]!,
    ) as {
      apiVersion: number;
      datasources: Datasource[];
    }
  ).datasources;

interface DeploymentSpec {
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string>; annotations: Record<string, string> };
    spec: {
      containers: Array<{
        image: string;
        env: Array<{
          name: string;
          value?: string;
          valueFrom?: { secretKeyRef: { name: string; key: string } };
        }>;
        ports: Array<{ name: string; containerPort: number }>;
        readinessProbe: { httpGet: { path: string; port: string } };
        livenessProbe: { httpGet: { path: string; port: string } };
        resources: { requests: Record<string, string>; limits: Record<string, string> };
        volumeMounts: Array<{ name: string; mountPath: string }>;
      }>;
      volumes: Array<{ name: string; configMap?: { name: string }; emptyDir?: object }>;
    };
  };
}
const deployment = (objects: KubeObject[]) =>
  findObject(objects, 'Deployment', 'grafana').spec as DeploymentSpec;

describe('grafana battery', () => {
  it('generates Grafana with defaults and no datasources when nothing else is installed', () => {
    const objects = batteryObjects('grafana', { core: {}, grafana: {} });
    expectGolden(objects, golden('default'));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/grafana-config',
      'ConfigMap/grafana-datasources',
      'Deployment/grafana',
      'Secret/grafana-admin',
      'Service/grafana',
      'ServiceAccount/grafana',
    ]);
    expect(objects.every((o) => o.metadata.namespace === 'battery-core')).toBe(true);
    expect(datasources(objects)).toEqual([]);

    const spec = deployment(objects);
    const container = spec.template.spec.containers[0]!;
    expect(container.image).toBe('grafana/grafana:11.4.5');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(container.resources).toEqual({
      requests: { cpu: '200m', memory: '256Mi' },
      limits: { memory: '512Mi' },
    });
    expect(container.volumeMounts.find((m) => m.name === 'datasources')?.mountPath).toBe(
      '/etc/grafana/provisioning/datasources',
    );
    expect(spec.template.spec.volumes.find((v) => v.name === 'datasources')?.configMap?.name).toBe(
      'grafana-datasources',
    );
    expect(spec.template.spec.volumes.find((v) => v.name === 'storage')?.emptyDir).toBeDefined();
    expect(spec.selector.matchLabels).toEqual(spec.template.metadata.labels);
    expect(findObject(objects, 'ServiceAccount', 'grafana').automountServiceAccountToken).toBe(false);
  });

  it('serves port 3000 on a Service whose selector matches the pods', () => {
    const objects = batteryObjects('grafana', { core: {}, grafana: {} });
    const service = findObject(objects, 'Service', 'grafana');
    const spec = service.spec as { selector: Record<string, string>; ports: object[] };
    expect(spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
    expect(spec.selector).toEqual(deployment(objects).template.metadata.labels);
    expect(service.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '3000',
    });
  });

  it('writes the generated admin password where Prepare reads it back', () => {
    const snapshot = testSnapshot({ core: {}, grafana: { adminUser: 'ops' } });
    const [request] = secretRequests(snapshot).filter((r) => r.battery === 'grafana');
    expect(request).toMatchObject({
      name: 'admin-password',
      secret: { namespace: 'battery-core', name: 'grafana-admin', key: 'admin-password' },
      length: 32,
    });
    const objects = batteryObjects('grafana', { core: {}, grafana: { adminUser: 'ops' } });
    const secret = findObject(objects, 'Secret', request!.secret.name);
    expect(secret.metadata.namespace).toBe(request!.secret.namespace);
    expect(secret.stringData).toEqual({
      'admin-user': 'ops',
      'admin-password': snapshot.secretMaterial['grafana/admin-password'],
    });
    const env = deployment(objects).template.spec.containers[0]!.env;
    expect(env.find((e) => e.name === 'GF_SECURITY_ADMIN_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({
      name: 'grafana-admin',
      key: 'admin-password',
    });
    expect(env.find((e) => e.name === 'GF_SECURITY_ADMIN_USER')?.valueFrom?.secretKeyRef).toEqual({
      name: 'grafana-admin',
      key: 'admin-user',
    });
  });

  it('provisions a datasource for each installed integration, and only for those', () => {
    const names = (batteries: Record<string, unknown>) =>
      datasources(batteryObjects('grafana', { core: {}, grafana: {}, ...batteries })).map((d) => [
        d.name,
        d.type,
        d.isDefault,
      ]);
    expect(names({ 'victoria-metrics': {} })).toEqual([['VictoriaMetrics', 'prometheus', true]]);
    expect(names({ loki: {} })).toEqual([['Loki', 'loki', true]]);
    expect(names({ 'victoria-metrics': {}, loki: {} })).toEqual([
      ['VictoriaMetrics', 'prometheus', true],
      ['Loki', 'loki', false],
    ]);
  });

  it('follows a customised spec with both integrations', () => {
    const spec = {
      image: { repository: 'mirror.example.com/grafana', tag: '11.4.6' },
      adminUser: 'platform-admin',
      resources: { requests: { memory: '1Gi' }, limits: { memory: '2Gi' } },
    };
    const batteries = {
      core: { namespaces: { core: 'platform' } },
      grafana: spec,
      'victoria-metrics': {},
      loki: {},
    };
    const objects = batteryObjects('grafana', batteries);
    expectGolden(objects, golden('custom'));

    const container = deployment(objects).template.spec.containers[0]!;
    expect(container.image).toBe('mirror.example.com/grafana:11.4.6');
    expect(container.resources).toEqual({
      requests: { cpu: '200m', memory: '1Gi' },
      limits: { memory: '2Gi' },
    });
    expect(findObject(objects, 'Secret', 'grafana-admin').stringData).toMatchObject({
      'admin-user': 'platform-admin',
    });
    expect(datasources(objects).map((d) => [d.uid, d.url])).toEqual([
      ['victoria-metrics', 'http://vmsingle.platform.svc:8428'],
      ['loki', 'http://loki.platform.svc:3100'],
    ]);
  });

  it("provisions the platform's dashboard and each installed battery's upstream dashboards, wired to VictoriaMetrics", () => {
    const batteries = {
      core: {},
      grafana: {},
      'victoria-metrics': {},
      'kube-monitoring': {},
      'cloudnative-pg': {},
    };
    const objects = batteryObjects('grafana', batteries);
    const dashboards = objects.filter((o) => o.metadata.name.startsWith('grafana-dashboard-'));
    expect(dashboards.map((o) => o.metadata.name).sort()).toEqual([
      'grafana-dashboard-platform',
      'grafana-dashboard-providers',
      'grafana-dashboard-stand-in-dashboards-cloudnative-pg',
      'grafana-dashboard-stand-in-dashboards-kubernetes',
      'grafana-dashboard-stand-in-dashboards-victoria-metrics',
    ]);
    // The stand-in is exported for grafana.com: its datasource input becomes our datasource, and the import-time
    // fields go.
    const upstream = JSON.parse(
      (
        findObject(objects, 'ConfigMap', 'grafana-dashboard-stand-in-dashboards-kubernetes').data as Record<
          string,
          string
        >
      )['dashboard.json']!,
    ) as Record<string, unknown> & { panels: Array<{ datasource: string }> };
    expect(upstream.panels[0]!.datasource).toBe('victoria-metrics');
    expect(upstream).not.toHaveProperty('__inputs');
    expect(upstream).not.toHaveProperty('id');

    const platform = JSON.parse(
      (findObject(objects, 'ConfigMap', 'grafana-dashboard-platform').data as Record<string, string>)[
        'dashboard.json'
      ]!,
    ) as { uid: string; panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    expect(platform.uid).toBe('batteries-included-platform');
    expect(platform.panels.map((p) => p.title)).toEqual([
      'Pass duration',
      'Passes by outcome',
      'Objects by action',
      'Failures',
      'Battery readiness',
    ]);
    expect(platform.panels.flatMap((p) => p.targets.map((t) => t.expr)).join(' ')).toMatch(
      /bi_pass_duration_seconds_sum.*bi_passes_total.*bi_objects_total.*bi_battery_ready/,
    );

    const providers = parse(
      (findObject(objects, 'ConfigMap', 'grafana-dashboard-providers').data as Record<string, string>)[
        'dashboards.yaml'
      ]!,
    ) as { providers: Array<{ type: string; options: { path: string } }> };
    expect(providers.providers).toEqual([
      expect.objectContaining({ type: 'file', options: { path: '/etc/grafana/dashboards' } }),
    ]);
    const pod = deployment(objects).template.spec as unknown as {
      volumes: Array<{ name: string; projected?: { sources: Array<{ configMap: { name: string } }> } }>;
      containers: Array<{ volumeMounts: Array<{ name: string; mountPath: string }> }>;
    };
    expect(
      pod.volumes
        .find((v) => v.name === 'dashboards')!
        .projected!.sources.map((s) => s.configMap.name)
        .sort(),
    ).toEqual(
      dashboards
        .map((o) => o.metadata.name)
        .filter((n) => n !== 'grafana-dashboard-providers')
        .sort(),
    );
    expect(pod.containers[0]!.volumeMounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'dashboards', mountPath: '/etc/grafana/dashboards' }),
        expect.objectContaining({
          name: 'dashboard-providers',
          mountPath: '/etc/grafana/provisioning/dashboards',
        }),
      ]),
    );
  });

  it("shows only installed batteries' dashboards, and none without VictoriaMetrics", () => {
    const names = (batteries: Record<string, unknown>) =>
      batteryObjects('grafana', { core: {}, grafana: {}, ...batteries })
        .map((o) => o.metadata.name)
        .filter((name) => name.startsWith('grafana-dashboard-'))
        .sort();
    expect(names({ 'victoria-metrics': {} })).toEqual([
      'grafana-dashboard-platform',
      'grafana-dashboard-providers',
      'grafana-dashboard-stand-in-dashboards-victoria-metrics',
    ]);
    expect(names({ loki: {}, 'cloudnative-pg': {} })).toEqual([]);
  });

  it('still generates Grafana when a dashboard bundle could not be obtained, leaving that dashboard out', () => {
    const batteries = { core: {}, grafana: {}, 'victoria-metrics': {}, 'kube-monitoring': {} };
    const snapshot = testSnapshot(batteries);
    snapshot.bundles!['dashboards-kubernetes@15757r43-15758r42-15759r37-15760r36'] = {
      error: 'connect ECONNREFUSED',
      url: 'https://grafana.com/api/dashboards/15757/revisions/43/download',
    };
    const grafana = generate(snapshot).batteries.find((b) => b.type === 'grafana')!;
    expect(grafana.status).toBe('generated');
    const names = grafana.status === 'generated' ? grafana.objects.map((o) => o.metadata.name) : [];
    expect(names).toContain('grafana-dashboard-stand-in-dashboards-victoria-metrics');
    expect(names).not.toContain('grafana-dashboard-stand-in-dashboards-kubernetes');
  });

  it('rolls the pod when a datasource appears', () => {
    const hash = (batteries: Record<string, unknown>) =>
      deployment(batteryObjects('grafana', { core: {}, grafana: {}, ...batteries })).template.metadata
        .annotations['batteriesincl.com/config-hash'];
    expect(hash({})).toMatch(/^[0-9a-f]{64}$/);
    expect(hash({ loki: {} })).not.toBe(hash({}));
  });

  it('signs in through Keycloak when sso is installed: PKCE, groups to roles, credentials from sso-grafana', () => {
    const batteries = { core: {}, 'cloudnative-pg': {}, keycloak: {}, grafana: {}, sso: {} };
    const objects = batteryObjects('grafana', batteries);
    const ini = (findObject(objects, 'ConfigMap', 'grafana-config').data as Record<string, string>)[
      'grafana.ini'
    ]!;
    expect(ini).toContain('[auth.generic_oauth]\nenabled = true');
    expect(ini).toContain('use_pkce = true');
    expect(ini).toContain("role_attribute_path = contains(groups[*], 'admin') && 'Admin' || 'Viewer'");
    expect(ini).toContain('auth_url = $__env{SSO_ISSUER_URL}/protocol/openid-connect/auth');
    expect(ini).toContain('root_url = $__env{SSO_APP_URL}');
    const env = deployment(objects).template.spec.containers[0]!.env;
    expect(env.find((e) => e.name === 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET')?.valueFrom).toEqual({
      secretKeyRef: { name: 'sso-grafana', key: 'client-secret' },
    });
    // The Secret it reads is the sso battery's, holding the secret of Keycloak's grafana client.
    const sso = batteryObjects('sso', batteries);
    const secret = findObject(sso, 'Secret', 'sso-grafana');
    expect(secret.stringData['client-secret']).toBe(findObject(sso, 'KeycloakClient', 'grafana').spec.secret);
    expect(secret.stringData['app-url']).toBe('http://grafana.127-0-0-1.batrsinc.co');
    // Without sso, none of it.
    const plain = batteryObjects('grafana', { core: {}, grafana: {} });
    expect(
      (findObject(plain, 'ConfigMap', 'grafana-config').data as Record<string, string>)['grafana.ini'],
    ).not.toContain('generic_oauth');
  });

  it.each([
    ['adminUser', { adminUser: 'has space' }],
    ['adminUser', { adminUser: '' }],
    ['resources.requests.cpu', { resources: { requests: { cpu: 'lots' } } }],
  ])('rejects an invalid %s, failing only this battery', (field, spec) => {
    const result = generate(testSnapshot({ core: {}, grafana: spec }));
    const grafana = result.batteries.find((b) => b.type === 'grafana')!;
    expect(grafana).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(grafana.status === 'failed' && grafana.message).toContain(`spec.${field}`);
    expect(result.batteries.find((b) => b.type === 'core')?.status).toBe('generated');
  });

  it('has a schema that converts into a structural CRD schema', () => {
    expect(crdSchemaProblems(grafanaSchema)).toEqual([]);
  });
});
