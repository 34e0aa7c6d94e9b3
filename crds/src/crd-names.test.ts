import { crdKind, crdName, crdPlural, crdSingular } from './crd-names.js';

describe('CRD names', () => {
  it.each([
    ['core', 'CoreBattery', 'corebatteries', 'corebattery'],
    ['redis', 'RedisBattery', 'redisbatteries', 'redisbattery'],
    ['victoria-metrics', 'VictoriaMetricsBattery', 'victoriametricsbatteries', 'victoriametricsbattery'],
    ['kube-monitoring', 'KubeMonitoringBattery', 'kubemonitoringbatteries', 'kubemonitoringbattery'],
    [
      'traditional-services',
      'TraditionalServicesBattery',
      'traditionalservicesbatteries',
      'traditionalservicesbattery',
    ],
    ['notebooks', 'NotebooksBattery', 'notebooksbatteries', 'notebooksbattery'],
    ['ollama', 'OllamaBattery', 'ollamabatteries', 'ollamabattery'],
    ['cert-manager', 'CertManagerBattery', 'certmanagerbatteries', 'certmanagerbattery'],
    ['k8s-2fa', 'K8s2faBattery', 'k8s2fabatteries', 'k8s2fabattery'],
  ])('names %s as kind %s, plural %s, singular %s', (type, kind, plural, singular) => {
    expect(crdKind(type)).toBe(kind);
    expect(crdPlural(type)).toBe(plural);
    expect(crdSingular(type)).toBe(singular);
  });

  it('names the CRD <plural>.<group>', () => {
    expect(crdName('victoria-metrics')).toBe('victoriametricsbatteries.batteries.batteriesincl.com');
  });

  it.each(['Redis', 'victoria_metrics', '-redis', 'redis-', 'victoria--metrics', '2fa', ''])(
    'rejects the type %j, which is not kebab-case',
    (type) => {
      expect(() => crdKind(type)).toThrow(/must be kebab-case/);
    },
  );

  it('rejects a type whose plural would not fit a DNS label', () => {
    expect(() => crdPlural('a'.repeat(60))).toThrow(/longer than 63 characters/);
  });
});
