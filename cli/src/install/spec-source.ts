import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, jwtVerify, decodeJwt } from 'jose';
import { installSpecSchema, formatIssues, type InstallSpec } from '@batteries-included/batteries';
import { z } from 'zod';
import { CliFailure, ClusterUnreachableError, InvalidInputError } from '../lib/errors.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { PINNED_HOME_BASE, type TrustedHomeBase } from './home-base-keys.js';

export interface ResolveSpecOptions {
  /** Accept unsigned remote specs, plain http, and signatures that do not verify. @default false */
  readonly insecureSkipVerify?: boolean;
  /**
   * The Home Base to trust instead of the pinned one (`PINNED_HOME_BASE`): a URL of its JWKS (the issuer is that
   * URL's origin), or a JWKS file (`{"issuer", "keys"}` as `export-keys` writes it; without `issuer`, the spec
   * URL's origin).
   */
  readonly homeBaseKeys?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export interface ResolvedSpec {
  readonly spec: InstallSpec;
  /** Where it came from, for messages: a path or URL. */
  readonly source: string;
  /** Whether a signature was checked and held. */
  readonly verified: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const signedSchema = z.object({ jws: z.string().min(1) }).strict();

/** Parses an install spec's JSON with the shared schema; every problem is named by its path. */
export function parseInstallSpec(value: unknown, source: string): InstallSpec {
  const parsed = installSpecSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidInputError(`${source}: not a valid install spec`, formatIssues(parsed.error));
  return parsed.data;
}

function isUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

function checkUrl(url: URL, insecure: boolean): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (LOOPBACK.has(url.hostname) || insecure)) return;
  throw new InvalidInputError(
    `${url.href}: install specs are fetched over https (http only from 127.0.0.1 or localhost, or with --insecure-skip-verify)`,
  );
}

async function fetchJson(url: URL, fetcher: typeof fetch, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetcher(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new ClusterUnreachableError(`${what} at ${url.href}`, (error as Error).message, { cause: error });
  }
  if (!response.ok) {
    throw new CliFailure(
      `${what} at ${url.href}: HTTP ${response.status} ${response.statusText}`,
      response.status === 404 ? EXIT_CODES.usage : EXIT_CODES.failed,
    );
  }
  try {
    return await response.json();
  } catch {
    throw new InvalidInputError(`${what} at ${url.href}: the answer is not JSON`);
  }
}

/** The keys and issuer a signed spec must match: the pinned Home Base, or the one `--home-base-keys` names. */
async function trustedHomeBase(
  keysSource: string | undefined,
  specUrl: URL | undefined,
  options: ResolveSpecOptions,
): Promise<TrustedHomeBase> {
  if (!keysSource) return PINNED_HOME_BASE;
  let value: unknown;
  let issuer: string | undefined;
  if (isUrl(keysSource)) {
    const url = new URL(keysSource);
    checkUrl(url, Boolean(options.insecureSkipVerify));
    value = await fetchJson(url, options.fetch ?? fetch, 'the Home Base keys');
    issuer = url.origin;
  } else {
    value = JSON.parse(await readFile(keysSource, 'utf8'));
    const named = (value as { issuer?: unknown })?.issuer;
    issuer = typeof named === 'string' ? new URL(named).origin : specUrl?.origin;
  }
  const keys = (value as { keys?: unknown })?.keys;
  if (!Array.isArray(keys))
    throw new InvalidInputError('the Home Base keys are not a JWKS ({"keys": [...]})');
  if (!issuer) {
    throw new InvalidInputError(
      `${keysSource}: the keys file names no "issuer" (the Home Base origin its specs carry as iss); add it, or verify a spec URL`,
    );
  }
  return { issuer, keys: keys as TrustedHomeBase['keys'] };
}

/** The installation id a Home Base spec URL names: `/api/v1/installations/<id>/spec`. */
export function installationIdOf(url: URL): string | undefined {
  return /\/installations\/([^/]+)\/spec\/?$/.exec(url.pathname)?.[1];
}

async function verifySigned(
  jws: string,
  source: string,
  specUrl: URL | undefined,
  options: ResolveSpecOptions,
): Promise<{ spec: InstallSpec; verified: boolean }> {
  if (options.insecureSkipVerify) {
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(jws);
    } catch (error) {
      throw new InvalidInputError(`${source}: the signed spec is not a JWT: ${(error as Error).message}`);
    }
    return { spec: parseInstallSpec(claims.spec, source), verified: false };
  }
  const trusted = await trustedHomeBase(options.homeBaseKeys, specUrl, options);
  const expectedSub = specUrl ? installationIdOf(specUrl) : undefined;
  const hint = options.homeBaseKeys
    ? ''
    : `; bi start trusts the keys of ${trusted.issuer} shipped with it: for a self-hosted Home Base pass --home-base-keys <its origin>/api/v1/keys`;
  try {
    const { payload } = await jwtVerify(jws, createLocalJWKSet({ keys: [...trusted.keys] }), {
      algorithms: ['ES256'],
      issuer: trusted.issuer,
      ...(expectedSub ? { subject: expectedSub } : {}),
    });
    return { spec: parseInstallSpec(payload.spec, source), verified: true };
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    const code = (error as { code?: string }).code ?? '';
    const claim = (error as { claim?: string }).claim;
    const reason =
      code === 'ERR_JWT_EXPIRED'
        ? 'the signed spec has expired; fetch it again from Home Base'
        : code === 'ERR_JWKS_NO_MATCHING_KEY'
          ? `no Home Base key matches the signature (wrong key)${hint}`
          : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
            ? `the signature does not verify (the spec was changed or signed with another key)${hint}`
            : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'iss'
              ? `the spec was not issued by ${trusted.issuer} (its iss is ${JSON.stringify(decodeJwt(jws).iss ?? null)})${hint}`
              : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
                ? `a claim does not match: ${(error as Error).message}`
                : (error as Error).message;
    throw new InvalidInputError(`${source}: refused: ${reason} (--insecure-skip-verify skips this check)`);
  }
}

/**
 * Reads the install spec `bi start SPEC` names. A local file may hold a plain InstallSpec (trusted: it is the
 * user's own file) or `{"jws": …}` (verified). A URL must be https (http only for loopback hosts) and answer
 * `{"jws": …}`: an ES256 JWT whose `sub` is the installation id in the URL and whose `iss` is the trusted Home
 * Base, verified against that Home Base's keys — the pinned ones shipped with the CLI, or `--home-base-keys` —
 * never against keys the spec's own origin serves. Unsigned, tampered, wrong-key, wrong-issuer or expired specs are
 * refused unless `insecureSkipVerify`. The spec inside is then validated with the shared schema.
 */
export async function resolveInstallSpec(
  source: string,
  options: ResolveSpecOptions = {},
): Promise<ResolvedSpec> {
  if (isUrl(source)) {
    const url = new URL(source);
    checkUrl(url, Boolean(options.insecureSkipVerify));
    const body = await fetchJson(url, options.fetch ?? fetch, 'the install spec');
    const signed = signedSchema.safeParse(body);
    if (!signed.success) {
      if (!options.insecureSkipVerify) {
        throw new InvalidInputError(
          `${source}: refused: the spec is not signed (expected {"jws": …}; --insecure-skip-verify accepts it)`,
        );
      }
      return { spec: parseInstallSpec(body, source), source, verified: false };
    }
    return { ...(await verifySigned(signed.data.jws, source, url, options)), source };
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`cannot read the install spec ${source}: ${(error as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${source}: not JSON: ${(error as Error).message}`);
  }
  const signed = signedSchema.safeParse(body);
  if (signed.success) return { ...(await verifySigned(signed.data.jws, source, undefined, options)), source };
  return { spec: parseInstallSpec(body, source), source, verified: false };
}
