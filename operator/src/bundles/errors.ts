/** A bundle could not be downloaded: every attempt failed, or the answer was refused (size, redirects, status). */
export class BundleFetchError extends Error {
  override readonly name = 'BundleFetchError';
  constructor(
    readonly url: string,
    readonly reason: string,
    /** Whether another attempt may succeed (timeouts, 5xx) or not (404, oversize, too many redirects). */
    readonly isTransient: boolean,
    options?: ErrorOptions,
  ) {
    super(`${url}: ${reason}`, options);
  }
}

/** The bytes obtained for a bundle do not have the digest its pin (declared or first seen) demands. */
export class BundleDigestMismatchError extends Error {
  override readonly name = 'BundleDigestMismatchError';
  constructor(
    /** `<name>@<version>`. */
    readonly bundle: string,
    readonly expected: string,
    readonly actual: string,
    /** Where the refused content came from (a URL, or `pushed ConfigMap <name>`). */
    readonly source: string,
    /** How the expected digest is known: declared by the battery, or recorded when first seen. */
    readonly pinnedBy: 'declared' | 'first use',
  ) {
    super(
      `bundle ${bundle}: digest mismatch: expected sha256 ${expected} (${pinnedBy === 'declared' ? 'declared by the battery' : 'recorded on first use'}), got sha256 ${actual} from ${source}; refusing it`,
    );
  }
}

/** A bundle's content is not a list of Kubernetes objects. */
export class BundleParseError extends Error {
  override readonly name = 'BundleParseError';
  constructor(
    readonly bundle: string,
    reason: string,
  ) {
    super(`bundle ${bundle}: ${reason}`);
  }
}
