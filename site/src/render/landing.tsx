/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SiteConfig } from '../config.js';
import type { BatteryReference } from '../reference/battery-reference.js';
import { byGroup, GROUP_LABELS } from './groups.js';
import { Layout } from './layout.js';
import { Figure, PassDiagram, type SiteImage } from './parts.js';

export interface LandingProps {
  config: SiteConfig;
  batteries: readonly BatteryReference[];
  /** Console screenshots by name (`dashboard`, `catalog`, ...), from the console's own journey test. */
  shots: Readonly<Record<string, SiteImage>>;
}

const shot = (shots: LandingProps['shots'], name: string): SiteImage => {
  const image = shots[name];
  if (!image)
    throw new Error(`landing: no console screenshot "${name}" (console/docs/screenshots/${name}.jpg)`);
  return image;
};

/** `/`: what Batteries Included is, the catalog at a glance, how a pass works, history, the console, sign-up. */
export function Landing({ config, batteries, shots }: LandingProps) {
  return (
    <Layout
      config={config}
      title="Infrastructure batteries for Kubernetes"
      description="Postgres, Redis, Grafana, VictoriaMetrics, Keycloak and more, installed and wired together by one deterministic pass, with every change recorded and one click from rollback."
      path="/"
    >
      <section class="hero">
        <h1>
          Infrastructure, <span class="accent">batteries included</span>.
        </h1>
        <p class="lead">
          Declare the batteries you want — Postgres, Redis, Grafana, VictoriaMetrics, Keycloak, cert-manager,
          Knative, Jupyter, Ollama — as Kubernetes objects. One operator installs them, wires them to each
          other, records every change, and rolls any of it back.
        </p>
        <div class="actions">
          <a class="button" href={config.signUpUrl}>
            Sign up and create an installation
          </a>
          <a class="button secondary" href="/docs/getting-started/">
            Run it locally
          </a>
        </div>
      </section>

      <section class="section" aria-labelledby="catalog">
        <h2 id="catalog">The catalog at a glance</h2>
        <p>
          {batteries.length} batteries, each one Kubernetes object with a validated spec. Dependencies are
          installed first; integrations light up when their partner is present (Grafana gains a datasource
          when Loki arrives).
        </p>
        {byGroup(batteries).map(([group, members]) => (
          <>
            <h3 class="group-label">{GROUP_LABELS[group]}</h3>
            <ul class="grid">
              {members.map((b) => (
                <li class="card">
                  <h4>
                    <a href={`/batteries/${b.type}/`}>{b.name}</a>
                  </h4>
                  <p>{b.description}</p>
                </li>
              ))}
            </ul>
          </>
        ))}
      </section>

      <section class="section" aria-labelledby="pass">
        <h2 id="pass">One pass, not a thousand loops</h2>
        <p>
          Every change — a Battery edited, an object changed out of band, a resync — runs one full,
          deterministic pass over the whole platform. Unchanged objects cost nothing: their content hash
          matches, so no request is made. <a href="/docs/concepts/the-pass/">How a pass works</a>.
        </p>
        <PassDiagram />
      </section>

      <section class="section" aria-labelledby="history">
        <h2 id="history">History and rollback</h2>
        <p>
          Each pass is recorded in Postgres: what changed, the document diff of every object, and who edited
          which battery. Pick any earlier pass, preview exactly what restoring it changes, and confirm.{' '}
          <a href="/docs/concepts/history-and-rollback/">History and rollback</a>.
        </p>
        <div class="shots">
          <Figure image={shot(shots, 'pass-diff')} caption="A pass and the document diff of one object." />
          <Figure
            image={shot(shots, 'rollback-preview')}
            caption="Rollback: the preview before anything changes."
          />
        </div>
      </section>

      <section class="section" aria-labelledby="console">
        <h2 id="console">The console</h2>
        <p>
          The operator serves a web console: install from the catalog with forms generated from each battery's
          schema, see the plan before saving, follow passes live. The same API serves the{' '}
          <a href="/docs/cli/">bi CLI</a>.
        </p>
        <div class="shots">
          <Figure
            image={shot(shots, 'dashboard')}
            caption="Dashboard: health, what needs attention, recent passes."
          />
          <Figure
            image={shot(shots, 'install-dialog')}
            caption="Install: dependencies first, a generated form, a preview."
          />
          <Figure
            image={shot(shots, 'edit-preview')}
            caption="Edit: the spec diff and the plan before saving."
          />
          <Figure image={shot(shots, 'catalog')} caption="The catalog, by group." />
        </div>
      </section>

      <section class="cta" aria-labelledby="start">
        <h2 id="start">Spin up your first installation</h2>
        <p>
          Sign up on Home Base, pick your batteries, and copy one command: <code>bi start</code> verifies the
          signed install spec and brings up the platform on Kind, with usage reported back to your team.
        </p>
        <a class="button" href={config.signUpUrl}>
          Sign up on Home Base
        </a>
      </section>
    </Layout>
  );
}
