import { installationLogId } from '@batteries-included/batteries';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JWK } from 'jose';
import { z } from 'zod';
import { buildInstallSpec } from '../../install-specs.js';
import { verifyUsageReport } from '../../reports.js';
import type { HomeBaseEnv } from '../context.js';
import { HttpProblem } from '../problem.js';

/** Signed specs live an hour: long enough for `bi start`, short enough that a copied token soon goes stale. */
export const SPEC_TTL_SECONDS = 3600;

const reportBody = z.object({ jws: z.string().min(1).max(60_000) });

/**
 * The installation-facing JSON API. It carries no cookies: an installation's random id is the capability for
 * its spec (served only until the first report), and reports are authenticated by the installation's signature.
 */
export function apiRoutes(): Hono<HomeBaseEnv> {
  const app = new Hono<HomeBaseEnv>();
  app.use('*', async (c, next) => {
    const deps = c.get('deps');
    deps.limiter.hit(`api:ip:${c.get('ip')}`, deps.limits.apiPerIp, 'API');
    c.header('cache-control', 'no-store');
    await next();
  });

  app.get('/keys', async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(await c.get('deps').keyring.jwks());
  });

  app.get('/installations/:id/spec', async (c) => {
    const deps = c.get('deps');
    const installation = await deps.store.getInstallation(c.req.param('id'));
    if (!installation)
      throw new HttpProblem(404, 'Unknown installation', 'There is no installation with this id.');
    if (!installation.privateJwkSealed) {
      throw new HttpProblem(
        410,
        'Spec no longer served',
        `This installation first reported at ${installation.firstReportAt?.toISOString() ?? 'an earlier time'}, so the ` +
          'private key the spec carries has been retired and the spec is not served any more. Create a new installation to install again.',
      );
    }
    let installationKey: Record<string, unknown>;
    try {
      installationKey = JSON.parse(
        deps.box.open(installation.privateJwkSealed, { purpose: 'installation-key', id: installation.id }),
      ) as JWK as Record<string, unknown>;
    } catch (error) {
      // Sealed for another row or purpose, or under another secret: a tampered database. Say nothing more.
      deps.logger.error(
        { installation: installationLogId(installation.id), err: (error as Error).message },
        "the installation's sealed key does not open for this row",
      );
      throw new HttpProblem(500, 'Internal error', 'Something went wrong on our side; it has been logged.');
    }
    const spec = buildInstallSpec(installation, { url: deps.baseUrl, installationKey });
    const jws = await deps.keyring.sign(
      { iss: new URL(deps.baseUrl).origin, sub: installation.id, spec },
      SPEC_TTL_SECONDS,
    );
    deps.metrics.inc('homebase_specs_served_total', 'Signed install specs served.');
    return c.json({ jws });
  });

  app.post(
    '/installations/:id/usage_reports',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new HttpProblem(413, 'Report too large', 'A usage report body may be at most 64 KiB.');
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
        throw new HttpProblem(
          415,
          'Unsupported media type',
          'Send the report as application/json: {"jws": "<compact JWS>"}.',
        );
      }
      const body = reportBody.safeParse(await c.req.json().catch(() => undefined));
      if (!body.success)
        throw new HttpProblem(400, 'Report rejected', 'The body must be {"jws": "<compact JWS>"}.');
      const installation = await deps.store.getInstallation(c.req.param('id'));
      if (!installation)
        throw new HttpProblem(404, 'Unknown installation', 'There is no installation with this id.');
      const now = deps.now();
      const verified = await verifyUsageReport(body.data.jws, installation, now);
      const outcome = await deps.store.recordReport({
        installationId: installation.id,
        ...verified,
        receivedAt: now,
      });
      deps.metrics.inc('homebase_usage_reports_total', 'Usage reports by outcome.', { outcome });
      if (outcome === 'replayed') {
        throw new HttpProblem(
          409,
          'Report rejected',
          `replayed report: a report with jti ${verified.jti} was already received`,
        );
      }
      deps.logger.info(
        { installation: installationLogId(installation.id), jti: verified.jti },
        'usage report stored',
      );
      return c.json({ stored: true, jti: verified.jti }, 201);
    },
  );
  return app;
}
