/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { catalogTypes } from '@batteries-included/batteries';
import type { SiteConfig } from '../config.js';
import type { BatteryReference } from '../reference/battery-reference.js';
import type { InstanceReference } from '../reference/instance-reference.js';
import { DocsFrame, type DocsNavSection } from './docs.js';
import { FieldList } from './fields.js';
import { GeneratedTable, ImageList } from './generated.js';
import { byGroup, GROUP_LABELS } from './groups.js';

const known = new Set(catalogTypes());
/** A link to a battery's page; a type the catalog does not have yet (an integration to come) stays text. */
const batteryLink = (type: string) =>
  known.has(type) ? (
    <a href={`/batteries/${type}/`}>{type}</a>
  ) : (
    <>
      <code>{type}</code> (not in the catalog yet)
    </>
  );

function TypeList({ types, none }: { types: readonly string[]; none: string }) {
  if (types.length === 0) return <>{none}</>;
  return (
    <>
      {types.map((type, index) => (
        <>
          {index > 0 ? ', ' : ''}
          {batteryLink(type)}
        </>
      ))}
    </>
  );
}

/** `/batteries/<type>/`: one battery, generated from the catalog, its CRD and a real `generate()`. */
export function BatteryPage({
  config,
  nav,
  battery,
}: {
  config: SiteConfig;
  nav: readonly DocsNavSection[];
  battery: BatteryReference;
}) {
  const b = battery;
  const total = b.generated.reduce((sum, g) => sum + g.count, 0);
  return (
    <DocsFrame
      config={config}
      nav={nav}
      path={`/batteries/${b.type}/`}
      title={b.name}
      description={b.description}
      headings={[
        { depth: 2, text: 'Spec fields', id: 'spec' },
        { depth: 2, text: 'Example', id: 'example' },
        { depth: 2, text: 'What it generates', id: 'generated' },
        { depth: 2, text: 'Upstream versions', id: 'upstream' },
      ]}
    >
      <dl class="facts">
        <dt>Type</dt>
        <dd>
          <code>{b.type}</code> (the object's name; one per cluster)
        </dd>
        <dt>Group</dt>
        <dd>{GROUP_LABELS[b.group]}</dd>
        <dt>Kind</dt>
        <dd>
          <code>{b.crd.kind}</code> in <code>{`${b.crd.group}/${b.crd.version}`}</code>, cluster-scoped
        </dd>
        <dt>CRD</dt>
        <dd>
          <code>{b.crd.name}</code>; <code>kubectl get {b.crd.shortNames.join(', ')}</code>
        </dd>
        <dt>Depends on</dt>
        <dd>
          <TypeList types={b.dependencies} none="nothing" />
        </dd>
        <dt>Integrates with</dt>
        <dd>
          <TypeList types={b.integrations} none="nothing" />
        </dd>
        <dt>Installs</dt>
        <dd>
          <TypeList types={b.installOrder} none="—" /> (in this order)
        </dd>
        {b.instanceKinds.length > 0 ? (
          <>
            <dt>Instances</dt>
            <dd>
              {b.instanceKinds.map((k, index) => (
                <>
                  {index > 0 ? ', ' : ''}
                  <a href={`/instances/${k.plural}/`}>{k.kind}</a>
                </>
              ))}{' '}
              (namespaced objects users create inside it)
            </dd>
          </>
        ) : (
          ''
        )}
        <dt>Uninstall</dt>
        <dd>
          {b.isUninstallable
            ? 'allowed (held while other batteries depend on it)'
            : 'not allowed: the platform needs it'}
        </dd>
      </dl>

      <h2 id="spec">Spec fields</h2>
      {b.specDescription ? <p>{b.specDescription}</p> : ''}
      <p class="muted">
        Generated from the battery's schema, the same one its CRD carries: the API server enforces every
        default, range and rule shown here.
      </p>
      <FieldList schema={b.spec} prefix="spec" showChange />

      <h2 id="example">Example</h2>
      <p>
        <code>kubectl apply --server-side -f {b.example.file}</code>
      </p>
      <pre>
        <code>{b.example.yaml}</code>
      </pre>

      <h2 id="generated">What it generates</h2>
      <p>
        {total === 0
          ? 'No objects of its own: everything comes from the upstream release below.'
          : `${total} objects for the example above (dependencies at their defaults), from a real generate():`}
      </p>
      <GeneratedTable generated={b.generated} />
      {b.bundles.length > 0 ? (
        <p>
          Plus every object of the upstream release{b.bundles.length > 1 ? 's' : ''} below, fetched, verified
          and relabelled by the operator at run time (their number depends on the release).
        </p>
      ) : (
        ''
      )}

      <h2 id="upstream">Upstream versions</h2>
      {b.images.length === 0 && b.bundles.length === 0 ? (
        <p>No images or upstream releases of its own.</p>
      ) : (
        ''
      )}
      <ImageList images={b.images} />
      {b.bundles.length > 0 ? (
        <>
          <p>
            Upstream releases (<a href="/docs/concepts/air-gapped-bundles/">bundles</a>):
          </p>
          <ul>
            {b.bundles.map((bundle) => (
              <li>
                <code>{bundle.name}</code> {bundle.version}
                {bundle.sha256 ? (
                  <>
                    , SHA-256 <code>{bundle.sha256}</code>
                  </>
                ) : (
                  ', digest recorded on first fetch'
                )}
                :{' '}
                {bundle.urls.map((url, index) => (
                  <>
                    {index > 0 ? ', ' : ''}
                    <code>{url}</code>
                  </>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </DocsFrame>
  );
}

/** `/batteries/`: the catalog by group. */
export function BatteryIndex({
  config,
  nav,
  batteries,
  instances,
}: {
  config: SiteConfig;
  nav: readonly DocsNavSection[];
  batteries: readonly BatteryReference[];
  instances: readonly InstanceReference[];
}) {
  return (
    <DocsFrame
      config={config}
      nav={nav}
      path="/batteries/"
      title="Battery reference"
      description="Every battery in the catalog: its dependencies, every spec field with defaults, ranges and rules, an example, and what it generates. Generated from the catalog at build time."
    >
      {byGroup(batteries).map(([group, members]) => (
        <>
          <h2 id={`group-${group}`}>{GROUP_LABELS[group]}</h2>
          <ul class="grid">
            {members.map((b) => (
              <li class="card">
                <h3>
                  <a href={`/batteries/${b.type}/`}>{b.name}</a>
                </h3>
                <p>{b.description}</p>
              </li>
            ))}
          </ul>
        </>
      ))}
      <h2 id="instances">Instance kinds</h2>
      <p>
        Instances are what you create inside a battery — Postgres clusters, Redis instances, services:
        namespaced kinds made the same way, rendered by their battery in the same pass (
        <code>kubectl get bi-instances -A</code> lists them all).
      </p>
      <ul class="grid">
        {instances.map((k) => (
          <li class="card">
            <h3>
              <a href={`/instances/${k.plural}/`}>{k.kind}</a>
            </h3>
            <p>{k.description}</p>
          </li>
        ))}
      </ul>
    </DocsFrame>
  );
}
