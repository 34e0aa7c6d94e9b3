import { randomUUID } from 'node:crypto';
import {
  CATALOG,
  CLUSTER_TYPES,
  installationLogId,
  SIZES,
  UnknownBatteryError,
} from '@batteries-included/batteries';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { estimateMonthly, formatUsd, PRICING, type Estimate } from '../../estimate.js';
import { resolveBatteries } from '../../install-specs.js';
import { generateEs256Jwk } from '../../signing/keys.js';
import type { Installation, StoredReport } from '../../store/types.js';
import {
  field,
  pageContext,
  requireTeam,
  type Deps,
  type HomeBaseContext,
  type HomeBaseEnv,
} from '../context.js';
import { csrfField, notice, page, type Html } from '../layout.js';
import { HttpProblem, notFound } from '../problem.js';
import { NOTICES } from './auth.js';

/** Usages a customer can pick (the internal ones are for Batteries Included's own clusters). */
const CUSTOMER_USAGES = ['development', 'production', 'secure_production', 'kitchen_sink'] as const;

const newInstallationSchema = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
      error: 'The name must be a DNS label: lower-case letters, digits and -.',
    })
    .max(40, { error: 'The name must be at most 40 characters.' }),
  provider: z.enum(CLUSTER_TYPES, { error: `The provider must be one of ${CLUSTER_TYPES.join(', ')}.` }),
  usage: z.enum(CUSTOMER_USAGES, { error: `The usage must be one of ${CUSTOMER_USAGES.join(', ')}.` }),
  defaultSize: z.enum(SIZES, { error: `The default size must be one of ${SIZES.join(', ')}.` }),
});

/** The install command a user copies. */
export function installCommand(baseUrl: string, installationId: string): string {
  return `bi start ${baseUrl}/api/v1/installations/${installationId}/spec`;
}

function newForm(c: HomeBaseContext, error?: string) {
  const options = (values: readonly string[], selected: string) =>
    values.map((v) => html`<option value="${v}" ${v === selected ? 'selected' : ''}>${v}</option>`);
  return page(
    pageContext(c),
    'New installation',
    html`${notice(error, 'error')}
      <form method="post" action="/installations">
        ${csrfField(pageContext(c))}
        <label for="slug">Name (a DNS label; also the Kind cluster's name)</label>
        <input
          id="slug"
          name="slug"
          type="text"
          required
          pattern="[a-z0-9]([a-z0-9\\-]*[a-z0-9])?"
          maxlength="40"
        />
        <label for="provider">Kubernetes provider</label
        ><select id="provider" name="provider">
          ${options(CLUSTER_TYPES, 'kind')}
        </select>
        <label for="usage">Usage</label
        ><select id="usage" name="usage">
          ${options(CUSTOMER_USAGES, 'development')}
        </select>
        <label for="defaultSize">Default size</label
        ><select id="defaultSize" name="defaultSize">
          ${options(SIZES, 'small')}
        </select>
        <fieldset class="batteries">
          <legend>Batteries (core is always installed; dependencies are added for you)</legend>
          ${CATALOG.filter((b) => b.type !== 'core').map(
            (b) =>
              html`<label title="${b.description}"
                ><input type="checkbox" name="batteries" value="${b.type}" />
                ${b.name}${b.dependencies.length ? html` <span class="muted">(needs ${b.dependencies.join(', ')})</span>` : ''}</label
              >`,
          )}
        </fieldset>
        <p><button type="submit">Create installation</button></p>
      </form>`,
  );
}

function list(c: HomeBaseContext, installations: Installation[]) {
  return page(
    pageContext(c),
    'Installations',
    html`${notice(NOTICES[c.req.query('n') ?? ''])}
      <p><a href="/installations/new">New installation</a></p>
      ${
        installations.length === 0
          ? html`<p class="muted">No installations in this team yet.</p>`
          : html`<table>
              <tr>
                <th>Name</th>
                <th>Provider</th>
                <th>Usage</th>
                <th>Batteries</th>
                <th>Status</th>
              </tr>
              ${installations.map(
                (i) =>
                  html`<tr>
                    <td><a href="/installations/${i.id}">${i.slug}</a></td>
                    <td>${i.provider}</td>
                    <td>${i.usage}</td>
                    <td>${i.batteries.length}</td>
                    <td>${i.firstReportAt ? 'reporting' : 'waiting for install'}</td>
                  </tr>`,
              )}
            </table>`
      }`,
  );
}

function usageChart(reports: StoredReport[]): Html | string {
  if (reports.length < 2) return '';
  const width = 600;
  const height = 160;
  const first = reports[0]!.receivedAt.getTime();
  const span = Math.max(1, reports[reports.length - 1]!.receivedAt.getTime() - first);
  const max = Math.max(1, ...reports.map((r) => r.report.pods));
  const points = reports
    .map((r) => {
      const x = 30 + ((r.receivedAt.getTime() - first) / span) * (width - 40);
      const y = height - 20 - (r.report.pods / max) * (height - 40);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  return html`<svg
    class="chart"
    id="usage-chart"
    width="${width}"
    height="${height}"
    role="img"
    aria-label="Pods over time"
  >
    <text x="4" y="14">${max} pods</text>
    <text x="4" y="${height - 6}">0</text>
    <text x="${width - 160}" y="${height - 6}">${reports[reports.length - 1]!.receivedAt.toISOString()}</text>
    <polyline points="${points}" />
  </svg>`;
}

function estimateTable(estimate: Estimate): Html {
  return html`<table class="estimate" id="estimate">
    <tr>
      <td>Nodes in the latest report</td>
      <td>${estimate.nodes}</td>
    </tr>
    ${
      estimate.isFree
        ? html`<tr>
            <td>Free: ${PRICING.freeNodes} nodes or fewer</td>
            <td>${formatUsd(0)}</td>
          </tr>`
        : html`<tr>
              <td>${estimate.batteries} batteries × ${formatUsd(PRICING.perBatteryMonthUsd)} per month</td>
              <td>${formatUsd(estimate.batteriesUsd)}</td>
            </tr>
            <tr>
              <td>
                ${estimate.projectedPodHours} pod-hours (mean ${estimate.averagePods} pods ×
                ${PRICING.hoursPerMonth} h) × ${formatUsd(PRICING.perPodHourUsd)}
              </td>
              <td>${formatUsd(estimate.podHoursUsd)}</td>
            </tr>`
    }
    <tr>
      <th>Estimated monthly total</th>
      <th id="estimate-total">${formatUsd(estimate.totalUsd)}</th>
    </tr>
    <tr>
      <td colspan="2" class="muted">
        Measured: ${estimate.measuredPodHours} pod-hours over ${estimate.measuredHours} h of reports.
      </td>
    </tr>
  </table>`;
}

/**
 * The part of an installation's page that changes when a usage report arrives: the install command until the
 * first report, then status, the latest report, the usage chart and the estimate. The page renders it, and the
 * live route sends it again after each report, so both show the same HTML.
 */
export async function installationSection(
  deps: Pick<Deps, 'store' | 'now' | 'baseUrl'>,
  installation: Installation,
): Promise<Html> {
  const since = new Date(deps.now().getTime() - 30 * 24 * 3_600_000);
  const reports = await deps.store.listReports(installation.id, { since });
  const latest = reports[reports.length - 1];
  const command = installCommand(deps.baseUrl, installation.id);
  const settings = html`<p class="muted">
    ${installation.provider} · ${installation.usage} · default size ${installation.defaultSize}
  </p>`;
  return !installation.firstReportAt
    ? html`${settings}
        <h2>Install command</h2>
        <p>
          Run this where Docker and kind are available. The spec it fetches carries this installation's
          private key, so it is served only until the installation first reports.
        </p>
        <div class="command">
          <code id="install-command">${command}</code>
          <button type="button" data-copy="install-command" id="copy-command">Copy</button>
        </div>
        <h2>Batteries</h2>
        <ul id="batteries">
          ${installation.batteries.map((b) => html`<li>${b}</li>`)}
        </ul>
        <p class="muted">Dependencies of the chosen batteries are included.</p>`
    : html`${settings}
        <h2>Status</h2>
        <p id="status">
          ${
            latest
              ? html`Reporting: last report ${latest.receivedAt.toISOString()} (version
                ${latest.report.version}).`
              : html`Reported once; no report in the last 30 days.`
          }
        </p>
        ${
          latest
            ? html`<table id="latest-report">
                  <tr>
                    <th>Nodes</th>
                    <td id="nodes">${latest.report.nodes}</td>
                  </tr>
                  <tr>
                    <th>Pods</th>
                    <td id="pods">${latest.report.pods}</td>
                  </tr>
                  <tr>
                    <th>Batteries</th>
                    <td id="reported-batteries">${latest.report.batteries.join(', ')}</td>
                  </tr>
                </table>
                <h3>Pods by node</h3>
                <table>
                  ${Object.entries(latest.report.podsByNode)
                    .sort(([a], [b]) => a.localeCompare(b))
                    .map(
                      ([node, pods]) =>
                        html`<tr>
                          <td>${node}</td>
                          <td>${pods}</td>
                        </tr>`,
                    )}
                </table>
                <h2>Usage</h2>
                ${usageChart(reports)}
                <h2>Monthly estimate</h2>
                ${estimateTable(estimateMonthly(reports)!)}`
            : ''
        }`;
}

async function show(c: HomeBaseContext, installation: Installation) {
  const deps = c.get('deps');
  return page(
    pageContext(c),
    installation.slug,
    html`<div id="installation-live" data-live="/installations/${installation.id}/live">
        ${await installationSection(deps, installation)}
      </div>
      <p id="live-status" class="live-status" role="status">Reload the page for the latest report.</p>
      ${
        c.get('session')?.isTeamAdmin
          ? html`<form method="post" action="/installations/${installation.id}/delete">
              ${csrfField(pageContext(c))}<button type="submit" class="danger">Delete installation</button>
            </form>`
          : ''
      }`,
    { scripts: ['/static/copy.js', '/static/live.js'] },
  );
}

/** Installations of the session's active team: list, create, show, delete. */
export function installationRoutes(): Hono<HomeBaseEnv> {
  const app = new Hono<HomeBaseEnv>();
  app.get('/installations', async (c) => {
    const { teamId } = requireTeam(c);
    return c.html(list(c, await c.get('deps').store.listInstallations(teamId)));
  });
  app.get('/installations/new', (c) => {
    requireTeam(c);
    return c.html(newForm(c));
  });
  app.post('/installations', async (c) => {
    const session = requireTeam(c);
    const deps = c.get('deps');
    const body = await c.req.parseBody({ all: true });
    const parsed = newInstallationSchema.safeParse({
      slug: field(body, 'slug'),
      provider: field(body, 'provider'),
      usage: field(body, 'usage'),
      defaultSize: field(body, 'defaultSize'),
    });
    if (!parsed.success) return c.html(newForm(c, parsed.error.issues[0]?.message), 422);
    const chosen = ([] as unknown[])
      .concat(body.batteries ?? [])
      .filter((b): b is string => typeof b === 'string');
    let batteries: string[];
    try {
      batteries = resolveBatteries(chosen);
    } catch (error) {
      if (error instanceof UnknownBatteryError)
        return c.html(newForm(c, `There is no battery "${error.type}".`), 422);
      throw error;
    }
    const { publicJwk, privateJwk } = await generateEs256Jwk();
    const id = randomUUID();
    const installation = await deps.store.createInstallation({
      ...parsed.data,
      id,
      teamId: session.teamId,
      batteries,
      publicJwk: { ...publicJwk },
      privateJwkSealed: deps.box.seal(JSON.stringify(privateJwk), { purpose: 'installation-key', id }),
      createdBy: session.userId,
    });
    if (!installation)
      return c.html(newForm(c, `This team already has an installation named ${parsed.data.slug}.`), 409);
    deps.logger.info(
      { installation: installationLogId(installation.id), team: session.teamId },
      'installation created',
    );
    return c.redirect(`/installations/${installation.id}`, 303);
  });
  app.get('/installations/:id', async (c) => {
    const { teamId } = requireTeam(c);
    const installation = await c.get('deps').store.getTeamInstallation(teamId, c.req.param('id'));
    if (!installation) throw notFound('installation');
    return c.html(await show(c, installation));
  });
  app.post('/installations/:id/delete', async (c) => {
    const { teamId, isTeamAdmin } = requireTeam(c);
    // Deleting is irreversible, like changing who is in the team: admins only (members create and view).
    if (!isTeamAdmin) throw new HttpProblem(403, 'Admins only', 'Only team admins can delete installations.');
    if (!(await c.get('deps').store.deleteInstallation(teamId, c.req.param('id'))))
      throw notFound('installation');
    return c.redirect('/installations', 303);
  });
  return app;
}
