import { INSTALL_SPEC_VERSION, installSpecSchema } from './install-spec.js';

describe('install spec', () => {
  const minimal = {
    apiVersion: INSTALL_SPEC_VERSION,
    slug: 'bi-local',
    kubeCluster: { provider: 'kind' },
    batteries: [{ type: 'core', spec: { usage: 'development' } }],
  };

  it('fills defaults', () => {
    const spec = installSpecSchema.parse(minimal);
    expect(spec.usage).toBe('development');
    expect(spec.defaultSize).toBe('medium');
    expect(spec.kubeCluster.config).toEqual({});
  });

  it('names the field and value it refuses', () => {
    const result = installSpecSchema.safeParse({ ...minimal, slug: 'Not_A_Label' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['slug']);
    expect(installSpecSchema.safeParse({ ...minimal, batteries: [] }).error?.issues[0]?.message).toMatch(
      /at least one battery/,
    );
    expect(installSpecSchema.safeParse({ ...minimal, extra: 1 }).success).toBe(false);
  });
});
