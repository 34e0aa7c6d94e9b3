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

/** The page frame: header with navigation, one stylesheet, one optional script; nothing inline (CSP). */
export function page(
  ctx: PageContext,
  title: string,
  body: Html,
  { script }: { script?: string } = {},
): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Batteries Included Home Base</title>
        <link rel="stylesheet" href="/static/style.css" />
        ${script ? html`<script src="${script}" defer></script>` : ''}
      </head>
      <body>
        <header>
          <a class="brand" href="/">Batteries Included · Home Base</a>
          <nav>
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
