/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { SiteConfig } from '../config.js';
import type { DocPage } from '../content.js';
import type { Heading } from '../markdown.js';
import { Layout } from './layout.js';
import { Html, Toc } from './parts.js';

export interface DocsNavSection {
  title: string;
  links: readonly { href: string; label: string }[];
}

export interface DocsFrameProps {
  config: SiteConfig;
  nav: readonly DocsNavSection[];
  path: string;
  title: string;
  description: string;
  headings?: readonly Heading[];
  children?: Child;
}

/** A docs page: the section navigation beside the content, which starts with its one `h1`. */
export function DocsFrame({
  config,
  nav,
  path,
  title,
  description,
  headings = [],
  children,
}: DocsFrameProps) {
  return (
    <Layout config={config} title={title} description={description} path={path}>
      <div class="docs">
        <article class="prose">
          <h1>{title}</h1>
          <p class="lead">{description}</p>
          <Toc headings={headings} />
          {children}
        </article>
        <nav class="docs-nav" aria-label="Documentation">
          {nav.map((section) => (
            <>
              <p class="nav-title">{section.title}</p>
              <ul>
                {section.links.map((link) => (
                  <li>
                    <a href={link.href} aria-current={link.href === path ? 'page' : undefined}>
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ))}
        </nav>
      </div>
    </Layout>
  );
}

/** A Markdown page under `site/content/docs`. */
export function DocsPage({
  config,
  nav,
  page,
}: {
  config: SiteConfig;
  nav: readonly DocsNavSection[];
  page: DocPage;
}) {
  return (
    <DocsFrame
      config={config}
      nav={nav}
      path={page.path}
      title={page.title}
      description={page.description}
      headings={page.headings}
    >
      <Html html={page.html} />
    </DocsFrame>
  );
}

/** `/docs/`: every section and page with its description. */
export function DocsIndex({
  config,
  nav,
  descriptions,
}: {
  config: SiteConfig;
  nav: readonly DocsNavSection[];
  descriptions: ReadonlyMap<string, string>;
}) {
  return (
    <DocsFrame
      config={config}
      nav={nav}
      path="/docs/"
      title="Documentation"
      description="Start the platform, learn how a pass works, look up every command, endpoint and battery field, and run it in production."
    >
      {nav.map((section) => (
        <>
          <h2 id={section.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}>{section.title}</h2>
          <ul>
            {section.links.map((link) => (
              <li>
                <a href={link.href}>{link.label}</a>
                {descriptions.get(link.href) ? ` — ${descriptions.get(link.href)}` : ''}
              </li>
            ))}
          </ul>
        </>
      ))}
    </DocsFrame>
  );
}
