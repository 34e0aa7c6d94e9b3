/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SiteConfig } from '../config.js';
import type { CliReference } from '../reference/cli-reference.js';
import type { HttpReference } from '../reference/http-reference.js';
import { DocsFrame, type DocsNavSection } from './docs.js';
import { FieldList } from './fields.js';
import { Html } from './parts.js';

/** `/docs/cli/`: every `bi` command, from the CLI's generated README. */
export function CliPage({
  config,
  nav,
  cli,
}: {
  config: SiteConfig;
  nav: readonly DocsNavSection[];
  cli: CliReference;
}) {
  return (
    <DocsFrame
      config={config}
      nav={nav}
      path="/docs/cli/"
      title="The bi CLI"
      description="Every bi command with its flags, examples and exit codes, generated from the CLI itself (oclif readme)."
    >
      <p>
        Run from a clone with <code>npm run bi -- &lt;command&gt;</code>. Global flags on every command:{' '}
        <code>--kubeconfig</code>, <code>--context</code>, <code>--output table|json|yaml</code>,{' '}
        <code>--verbose</code>, <code>--no-color</code>.
      </p>
      <h2 id="exit-codes">Exit codes</h2>
      <Html html={cli.exitCodes.html} />
      <h2 id="commands">Commands</h2>
      <Html html={cli.commands.html} />
    </DocsFrame>
  );
}

const componentHref = (name: string) => `#schema-${name}`;

/** `/docs/api/`: every operation and shape of the operator's HTTP API, from its OpenAPI document. */
export function ApiPage({
  config,
  nav,
  api,
}: {
  config: SiteConfig;
  nav: readonly DocsNavSection[];
  api: HttpReference;
}) {
  return (
    <DocsFrame
      config={config}
      nav={nav}
      path="/docs/api/"
      title="HTTP API"
      description="The operator's JSON API, which the console and the CLI use: every route and every request and response shape, generated from /api/openapi.json."
      headings={[
        { depth: 2, text: 'Operations', id: 'operations' },
        { depth: 2, text: 'Schemas', id: 'schemas' },
      ]}
    >
      <p>
        {api.title}, version {api.version}. Every <code>/api/v1</code> route needs the bearer token from the
        Secret <code>api-token</code> in <code>batteries-included-system</code> (
        <code>Authorization: Bearer …</code>) and may answer 401; errors are{' '}
        <code>application/problem+json</code>. <code>/api/openapi.json</code>, <code>/healthz</code>,{' '}
        <code>/readyz</code> and <code>/metrics</code> are open.
      </p>
      <h2 id="operations">Operations</h2>
      {api.operations.map((op) => (
        <section class="field" id={op.id}>
          <h3>
            <span class="method">{op.method}</span> <code>{op.path}</code>
          </h3>
          <p>{op.summary}</p>
          <dl class="facts">
            {op.parameters.length > 0 ? (
              <>
                <dt>Parameters</dt>
                <dd>
                  {op.parameters.map((p, index) => (
                    <>
                      {index > 0 ? <br /> : ''}
                      <code>{p.name}</code> ({p.in}
                      {p.isRequired ? ', required' : ''}): {p.description}
                    </>
                  ))}
                </dd>
              </>
            ) : (
              ''
            )}
            {op.body ? (
              <>
                <dt>Body</dt>
                <dd>
                  <a href={componentHref(op.body)}>{op.body}</a>
                </dd>
              </>
            ) : (
              ''
            )}
            <dt>Responses</dt>
            <dd>
              {op.responses.map((r, index) => (
                <>
                  {index > 0 ? <br /> : ''}
                  <strong>{r.status}</strong> {r.description}
                  {r.component ? (
                    <>
                      {' '}
                      <a href={componentHref(r.component)}>{r.component}</a>
                    </>
                  ) : (
                    ''
                  )}
                  {r.mediaType && !r.component ? (
                    <>
                      {' '}
                      <code>{r.mediaType}</code>
                    </>
                  ) : (
                    ''
                  )}
                </>
              ))}
            </dd>
          </dl>
        </section>
      ))}
      <h2 id="schemas">Schemas</h2>
      {api.components.map((component) => (
        <>
          <h3 id={`schema-${component.name}`}>{component.name}</h3>
          <div class="schema">
            <FieldList
              schema={component.schema}
              prefix={`schema-${component.name}`}
              refHref={componentHref}
            />
          </div>
        </>
      ))}
    </DocsFrame>
  );
}
