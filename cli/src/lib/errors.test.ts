import { UnknownBatteryError } from '@batteries-included/batteries';
import { KubeApiError } from '@batteries-included/operator';
import { EXIT_CODES } from './exit-codes.js';
import { InterruptedError, MissingToolError, toCliFailure } from './errors.js';

describe('toCliFailure (the one error → exit code mapper)', () => {
  it('maps each kind of failure to its documented exit code', () => {
    expect(toCliFailure(new UnknownBatteryError('nosuch')).exitCode).toBe(EXIT_CODES.usage);
    expect(toCliFailure(new KubeApiError('RedisBattery/redis', 422, 'Invalid', 'spec.x: bad')).exitCode).toBe(
      EXIT_CODES.usage,
    );
    expect(toCliFailure(new KubeApiError('/version', 0, 'Unreachable', 'ECONNREFUSED')).exitCode).toBe(
      EXIT_CODES.unreachable,
    );
    expect(toCliFailure(new KubeApiError('x', 403, 'Forbidden', 'no')).exitCode).toBe(EXIT_CODES.unreachable);
    expect(toCliFailure(new KubeApiError('x', 500, 'InternalError', 'boom')).exitCode).toBe(
      EXIT_CODES.failed,
    );
    expect(
      toCliFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).exitCode,
    ).toBe(EXIT_CODES.unreachable);
    expect(toCliFailure(new MissingToolError('kind', 'install it')).exitCode).toBe(EXIT_CODES.missingTool);
    expect(toCliFailure(new InterruptedError()).exitCode).toBe(EXIT_CODES.interrupted);
    expect(toCliFailure(new Error('anything else')).exitCode).toBe(EXIT_CODES.failed);
  });

  it('keeps the API server message naming the object', () => {
    expect(
      toCliFailure(
        new KubeApiError(
          'RedisBattery.batteries.batteriesincl.com/redis',
          422,
          'Invalid',
          'spec.storageSize: may only grow',
        ),
      ).message,
    ).toBe('RedisBattery.batteries.batteriesincl.com/redis: Invalid: spec.storageSize: may only grow');
  });
});

describe('exitCodeForHttpStatus', () => {
  it('maps refused credentials to 3, client errors to 2 and server errors to 1', async () => {
    const { exitCodeForHttpStatus } = await import('./errors.js');
    expect([401, 403, 404, 409, 422, 500, 502].map(exitCodeForHttpStatus)).toEqual([3, 3, 2, 2, 2, 1, 1]);
  });
});
