/**
 * The one error type routes throw: an HTTP status, a short title and a detail that says what happened and what
 * to do. The app maps it once — problem+json under `/api`, an HTML page elsewhere.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly title: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${title}: ${detail}`);
  }
}

export const notFound = (what = 'page') =>
  new HttpProblem(404, 'Not found', `There is no such ${what}, or it belongs to another team.`);
