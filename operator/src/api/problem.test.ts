import { UnknownBatteryError } from '@batteries-included/batteries';
import { KubeApiError } from '../kube/errors.js';
import {
  BatteryWriteError,
  RollbackPassNotFoundError,
  RollbackRefusedError,
  RollbackRejectedError,
} from '../rollback/errors.js';
import { ApiProblem, PROBLEM_BASE, problemOf } from './problem.js';

describe('problemOf', () => {
  it('passes an ApiProblem through with its extensions', () => {
    const problem = problemOf(
      new ApiProblem(409, 'dependents-installed', 'core: grafana depends on it', { dependents: ['grafana'] }),
    );
    expect(problem).toEqual({
      type: `${PROBLEM_BASE}dependents-installed`,
      title: 'Other batteries depend on it',
      status: 409,
      detail: 'core: grafana depends on it',
      dependents: ['grafana'],
    });
  });

  it('maps an unknown battery to 404 naming it', () => {
    const problem = problemOf(new UnknownBatteryError('postgresql'));
    expect(problem).toMatchObject({
      status: 404,
      type: `${PROBLEM_BASE}unknown-battery`,
      battery: 'postgresql',
    });
    expect(problem.detail).toContain('"postgresql"');
  });

  it('maps rollback errors: reaped pass 404, refused 409, rejected 422 naming battery and field', () => {
    expect(problemOf(new RollbackPassNotFoundError(3, 'reaped', 'pass 3 was reaped')).status).toBe(404);
    const refused = problemOf(
      new RollbackRefusedError(3, [
        { battery: 'core', kind: 'breaks-dependent', message: 'grafana needs core' },
      ]),
    );
    expect(refused).toMatchObject({
      status: 409,
      errors: [{ field: 'core', message: 'grafana needs core' }],
    });
    const rejected = problemOf(
      new RollbackRejectedError(3, [new BatteryWriteError('redis', 'spec.storageSize', 'may only grow')]),
    );
    expect(rejected).toMatchObject({
      status: 422,
      errors: [{ field: 'redis: spec.storageSize', message: 'may only grow' }],
    });
  });

  it('maps an API server conflict to 409 and other API server errors to 502', () => {
    expect(problemOf(new KubeApiError('RedisBattery/redis', 409, 'Conflict', 'changed')).status).toBe(409);
    expect(problemOf(new KubeApiError('RedisBattery/redis', 0, 'Unreachable', 'ECONNREFUSED'))).toMatchObject(
      {
        status: 502,
        type: `${PROBLEM_BASE}cluster-error`,
      },
    );
  });

  it('never shows the message of an unexpected error', () => {
    const problem = problemOf(new Error('password=hunter2 leaked'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });
});
