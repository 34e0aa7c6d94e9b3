/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SiteConfig } from '../config.js';
import type { InstanceReference } from '../reference/instance-reference.js';
import { DocsFrame, type DocsNavSection } from './docs.js';
import { FieldList } from './fields.js';
import { GeneratedTable, ImageList } from './generated.js';

/** `/instances/<plural>/`: one instance kind, generated from its definition, its CRD and a real `generate()`. */
export function InstancePage({
  config,
  nav,
  instance,
}: {
  config: SiteConfig;
  nav: readonly DocsNavSection[];
  instance: InstanceReference;
}) {
  const k = instance;
  const total = k.generated.reduce((sum, g) => sum + g.count, 0);
  return (
    <DocsFrame
      config={config}
      nav={nav}
      path={`/instances/${k.plural}/`}
      title={k.kind}
      description={k.description}
      headings={[
        { depth: 2, text: 'Spec fields', id: 'spec' },
        { depth: 2, text: 'Example', id: 'example' },
        { depth: 2, text: 'What it generates', id: 'generated' },
      ]}
    >
      <dl class="facts">
        <dt>Kind</dt>
        <dd>
          <code>{k.kind}</code> in <code>{`${k.crd.group}/${k.crd.version}`}</code>, namespaced, category{' '}
          <code>bi-instances</code>
        </dd>
        <dt>CRD</dt>
        <dd>
          <code>{k.crd.name}</code>; <code>kubectl get {[k.plural, ...k.shortNames].join(', ')}</code>
        </dd>
        <dt>Rendered by</dt>
        <dd>
          the <a href={`/batteries/${k.battery.type}/`}>{k.battery.name}</a> battery; without it installed the
          object waits and says so in its status
        </dd>
        <dt>Name</dt>
        <dd>a DNS label of at most {k.maxNameLength} characters</dd>
        {k.immutableFields.length > 0 ? (
          <>
            <dt>Fixed after creation</dt>
            <dd>
              {k.immutableFields.map((field, index) => (
                <>
                  {index > 0 ? ', ' : ''}
                  <code>spec.{field}</code>
                </>
              ))}
            </dd>
          </>
        ) : (
          ''
        )}
        {k.printerColumns.length > 0 ? (
          <>
            <dt>kubectl columns</dt>
            <dd>Name, Ready, {k.printerColumns.map((c) => c.name).join(', ')}, Age</dd>
          </>
        ) : (
          ''
        )}
      </dl>

      <h2 id="spec">Spec fields</h2>
      {k.specDescription ? <p>{k.specDescription}</p> : ''}
      <p class="muted">
        Generated from the kind's schema, the same one its CRD carries: the API server enforces every default,
        range and rule shown here, and the operator refuses the same specs with the same messages.
      </p>
      <FieldList schema={k.spec} prefix="spec" />

      <h2 id="example">Example</h2>
      <p>
        <code>kubectl apply --server-side -f {k.example.file}</code>
      </p>
      <pre>
        <code>{k.example.yaml}</code>
      </pre>

      <h2 id="generated">What it generates</h2>
      <p>
        {total === 0
          ? 'No objects of its own.'
          : `${total} objects for the ${k.kind} in the example above (its battery at its defaults), from a real generate():`}
      </p>
      <GeneratedTable generated={k.generated} />
      <ImageList images={k.images} />
    </DocsFrame>
  );
}
