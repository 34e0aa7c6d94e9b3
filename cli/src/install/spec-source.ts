import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, jwtVerify, decodeJwt, type JSONWebKeySet } from 'jose';
import { installSpecSchema, formatIssues, type InstallSpec } from '@batteries-included/batteries';
import { z } from 'zod';
import { CliFailure, ClusterUnreachableError, InvalidInputError } from '../lib/errors.js';
import { EXIT_CODES } from '../lib/exit-codes.js';

export interface ResolveSpecOptions {
  /** Accept unsigned remote specs, plain http, and signatures that do not verify. @default false */
  readonly insecureSkipVerify?: boolean;
  /** A JWKS file or URL to verify with, instead of `<origin>/api/v1/keys`. */
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

async function readKeys(
  keysSource: string | undefined,
  specUrl: URL | undefined,
  options: ResolveSpecOptions,
): Promise<JSONWebKeySet> {
  const fetcher = options.fetch ?? fetch;
  let value: unknown;
  if (keysSource && !isUrl(keysSource)) {
    value = JSON.parse(await readFile(keysSource, 'utf8'));
  } else {
    const url = keysSource ? new URL(keysSource) : new URL('/api/v1/keys', specUrl);
    checkUrl(url, Boolean(options.insecureSkipVerify));
    value = await fetchJson(url, fetcher, 'the Home Base keys');
  }
  const keys = (value as { keys?: unknown })?.keys;
  if (!Array.isArray(keys))
    throw new InvalidInputError('the Home Base keys are not a JWKS ({"keys": [...]})');
  return value as JSONWebKeySet;
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
  if (!specUrl && !options.homeBaseKeys) {
    throw new InvalidInputError(
      `${source}: a signed spec from a file needs --home-base-keys FILE|URL to verify it`,
    );
  }
  const jwks = await readKeys(options.homeBaseKeys, specUrl, options);
  const expectedSub = specUrl ? installationIdOf(specUrl) : undefined;
  try {
    const { payload } = await jwtVerify(jws, createLocalJWKSet(jwks), {
      algorithms: ['ES256'],
      ...(expectedSub ? { subject: expectedSub } : {}),
    });
    return { spec: parseInstallSpec(payload.spec, source), verified: true };
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    const code = (error as { code?: string }).code ?? '';
    const reason =
      code === 'ERR_JWT_EXPIRED'
        ? 'the signed spec has expired; fetch it again from Home Base'
        : code === 'ERR_JWKS_NO_MATCHING_KEY'
          ? 'no Home Base key matches the signature (wrong key)'
          : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
            ? 'the signature does not verify (the spec was changed or signed with another key)'
            : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
              ? `a claim does not match: ${(error as Error).message}`
              : (error as Error).message;
    throw new InvalidInputError(`${source}: refused: ${reason} (--insecure-skip-verify skips this check)`);
  }
}

/**
 * Reads the install spec `bi start SPEC` names. A local file may hold a plain InstallSpec (trusted: it is the
 * user's own file) or `{"jws": …}` (verified). A URL must be https (http only for loopback hosts) and answer
 * `{"jws": …}`: an ES256 JWT whose `sub` is the installation id in the URL, verified against the JWKS at
 * `<origin>/api/v1/keys` (or `--home-base-keys`); unsigned, tampered, wrong-key or expired specs are refused
 * unless `insecureSkipVerify`. The spec inside is then validated with the shared schema.
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
