/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { SiteConfig } from '../config.js';

export interface LayoutProps {
  config: SiteConfig;
  /** The page's own title (the `<h1>` text, usually). */
  title: string;
  description: string;
  /** The page's site path, for `aria-current` in the navigation. */
  path: string;
  children?: Child;
}

const NAV = [
  { href: '/docs/', label: 'Docs' },
  { href: '/batteries/', label: 'Batteries' },
  { href: '/blog/', label: 'Blog' },
] as const;

/** The battery mark: a cell with a terminal, in the brand color. */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="3" y="2.5" width="10" height="12.5" rx="2" fill="currentColor" />
      <rect x="6" y="0.5" width="4" height="2.5" rx="0.8" fill="currentColor" />
      <path d="M8.6 5 6 9.2h2l-.6 3.3L10 8.3H8z" fill="var(--bi-color-bg)" />
    </svg>
  );
}

/** The frame of every page: header, main, footer; one stylesheet; no script. */
export function Layout({ config, title, description, path, children }: LayoutProps) {
  const current = (href: string) =>
    path === href || (href !== '/' && path.startsWith(href) ? 'page' : undefined);
  const fullTitle = path === '/' ? `Batteries Included — ${title}` : `${title} · Batteries Included`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{fullTitle}</title>
        <meta name="description" content={description} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              <Logo />
              Batteries Included
            </a>
            <nav class="site-nav" aria-label="Main">
              {NAV.map((item) => (
                <a href={item.href} aria-current={current(item.href)}>
                  {item.label}
                </a>
              ))}
              <a class="button" href={config.signUpUrl}>
                Sign up
              </a>
            </nav>
          </div>
        </header>
        <main id="main" class="page">
          {children}
        </main>
        <footer class="site-footer">
          <div class="bar">
            <nav aria-label="Footer">
              <a href="/docs/getting-started/">Getting started</a>
              <a href="/docs/cli/">CLI</a>
              <a href="/docs/api/">HTTP API</a>
              <a href="/batteries/">Battery reference</a>
              <a href="/blog/">Blog</a>
              <a href={config.signUpUrl}>Home Base</a>
            </nav>
            <p>Batteries Included: a Kubernetes platform of modular, pre-wired infrastructure batteries.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
