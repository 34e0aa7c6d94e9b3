import type { JSONWebKeySet } from 'jose';

/** A Home Base key set as `bi start` trusts it: the issuer (`iss` of every spec it signs) and its public keys. */
export interface TrustedHomeBase {
  /** The Home Base origin, e.g. `https://home.batteriesincl.com`: signed specs must carry it as `iss`. */
  readonly issuer: string;
  readonly keys: JSONWebKeySet['keys'];
}

/**
 * The key set of Batteries Included's Home Base, shipped with the CLI and pinned: `bi start URL` verifies a signed
 * spec against these keys — never against keys fetched from the URL's own origin, which would let any origin vouch
 * for itself — and requires `iss` to be this issuer. A self-hosted Home Base is trusted explicitly with
 * `--home-base-keys <its origin>/api/v1/keys` (or a file `npm run homebase -- export-keys` writes).
 *
 * Written by `HOME_BASE_URL=https://home.batteriesincl.com npm run homebase -- export-keys` against the production
 * database, and replaced the same way at each key rotation (keep old keys listed while CLIs that predate the
 * rotation are in use). The key here was made for this file; replace it with production's before a release.
 */
export const PINNED_HOME_BASE: TrustedHomeBase = {
  issuer: 'https://home.batteriesincl.com',
  keys: [
    {
      kty: 'EC',
      crv: 'P-256',
      x: '5hO5LHUZwz2YfWo1pjhMagQI1wGfZIBgcXxbq4WaVhk',
      y: 'GMbDYhoNgs2w0b8cTcRcKgMO-0HTiKodQjpnJ4P1z3Y',
      kid: 't3Igro4cMY7HvnHG_a-4hnedo016BAa1ah1TEDRY5kQ',
      alg: 'ES256',
      use: 'sig',
    },
  ],
};
