import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageContext {
  csrfToken: string;
  /** The signed-in user's email, if any. */
  email?: string;
  /** The active team's name, if any. */
  teamName?: string;
}

/** The battery mark as a data URL (the CSP allows data: images; no request, no 404). */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect x='3' y='2.5' width='10' height='12.5' rx='2' fill='%23c4185f'/%3E%3Crect x='6' y='0.5' width='4' height='2.5' rx='.8' fill='%23c4185f'/%3E%3C/svg%3E";

/** The battery mark of the site and the console, in the brand color (decorative: the link says the name). */
const LOGO = html`<svg width="22" height="22" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
  <rect x="3" y="2.5" width="10" height="12.5" rx="2" fill="currentColor" />
  <rect x="6" y="0.5" width="4" height="2.5" rx="0.8" fill="currentColor" />
  <path d="M8.6 5 6 9.2h2l-.6 3.3L10 8.3H8z" fill="var(--bi-color-bg)" />
</svg>`;

/**
 * The page frame: header with navigation, one stylesheet (the shared design tokens and Home Base's rules), the
 * given scripts (files only: the CSP allows no inline script or style).
 */
export function page(
  ctx: PageContext,
  title: string,
  body: Html,
  { scripts = [] }: { scripts?: readonly string[] } = {},
): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>${title} · Batteries Included Home Base</title>
        <link rel="icon" href="${FAVICON}" />
        <link rel="stylesheet" href="/static/style.css" />
        ${scripts.map((script) => html`<script src="${script}" defer></script>`)}
      </head>
      <body>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/">${LOGO} Batteries Included <span class="product">Home Base</span></a>
            <nav aria-label="Main">
              ${
                ctx.email
                  ? html`<a href="/installations">Installations</a> <a href="/teams">Teams</a>
                      <a href="/settings">Settings</a>
                      <span class="who">${ctx.email}${ctx.teamName ? html` · ${ctx.teamName}` : ''}</span>
                      <form method="post" action="/logout" class="inline">
                        ${csrfField(ctx)}<button type="submit">Log out</button>
                      </form>`
                  : html`<a href="/login">Log in</a> <a href="/signup">Sign up</a>`
              }
            </nav>
          </div>
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}

export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}" />`;
}

/** A notice line (`info` or `error`). */
export function notice(text: string | undefined, kind: 'info' | 'error' = 'info'): Html | string {
  return text
    ? html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>`
    : '';
}
