import { errors, importJWK, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import { usageReportSchema, type UsageReport } from '@batteries-included/batteries';
import type { Installation } from './store/types.js';
import { HttpProblem } from './web/problem.js';

/** The longest a report token may live (`exp - iat`); with `jti` uniqueness this bounds what a replay can try. */
export const MAX_REPORT_LIFETIME_SECONDS = 600;

export interface VerifiedReport {
  jti: string;
  issuedAt: Date;
  report: UsageReport;
}

/**
 * Verifies a usage report JWS from an installation: ES256 signed by that installation's key, `iss` and `sub` equal
 * to its id, a `jti`, not expired, not older or longer-lived than ten minutes, and a report of the right shape.
 * Throws HttpProblem with a detail that names what failed.
 */
export async function verifyUsageReport(
  jws: string,
  installation: Installation,
  now: Date,
): Promise<VerifiedReport> {
  const key = await importJWK(installation.publicJwk as JWK, 'ES256');
  let payload;
  try {
    ({ payload } = await jwtVerify(jws, key, {
      algorithms: ['ES256'],
      issuer: installation.id,
      subject: installation.id,
      currentDate: now,
      maxTokenAge: MAX_REPORT_LIFETIME_SECONDS,
      clockTolerance: 60,
      requiredClaims: ['jti', 'iat', 'exp'],
    }));
  } catch (error) {
    throw reportRejection(error);
  }
  if ((payload.exp ?? 0) - (payload.iat ?? 0) > MAX_REPORT_LIFETIME_SECONDS) {
    throw new HttpProblem(
      401,
      'Report rejected',
      `the report token lives longer than ${MAX_REPORT_LIFETIME_SECONDS} s`,
    );
  }
  const report = usageReportSchema.safeParse(payload.report);
  if (!report.success) {
    throw new HttpProblem(
      422,
      'Report rejected',
      `the report claim is invalid: ${z.prettifyError(report.error)}`,
    );
  }
  return { jti: String(payload.jti), issuedAt: new Date((payload.iat ?? 0) * 1000), report: report.data };
}

function reportRejection(error: unknown): HttpProblem {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new HttpProblem(
      401,
      'Report rejected',
      "the signature does not verify with this installation's key (signed by another installation, or altered)",
    );
  }
  if (error instanceof errors.JWTExpired)
    return new HttpProblem(401, 'Report rejected', 'the report token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim =
      error.claim === 'iss' || error.claim === 'sub'
        ? `${error.claim} (must be this installation's id)`
        : error.claim;
    return new HttpProblem(401, 'Report rejected', `the claim ${claim} is not acceptable: ${error.message}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new HttpProblem(401, 'Report rejected', 'reports must be signed with ES256');
  if (error instanceof errors.JOSEError)
    return new HttpProblem(400, 'Report rejected', `not a valid signed report: ${error.message}`);
  throw error;
}
