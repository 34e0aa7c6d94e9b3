// Home Base's stylesheet on the shared design tokens (`@batteries-included/design`): the same colors, type,
// spacing and radius as the site and the console. Served as `/static/style.css` after the tokens.

export const HOME_BASE_CSS = `*,
*::before,
*::after {
  box-sizing: border-box;
}
html {
  font-family: var(--bi-font-sans);
  line-height: 1.55;
  color: var(--bi-color-text);
  background: var(--bi-color-surface);
  -webkit-text-size-adjust: 100%;
}
body {
  margin: 0;
}
a {
  color: var(--bi-color-brand);
  text-underline-offset: 0.2em;
}
:focus-visible {
  outline: 3px solid var(--bi-color-focus);
  outline-offset: 2px;
}
h1 {
  font-size: var(--bi-text-2xl);
  line-height: 1.2;
  margin: 0 0 var(--bi-space-4);
  letter-spacing: -0.01em;
  overflow-wrap: anywhere;
}
h2 {
  font-size: var(--bi-text-lg);
  margin: var(--bi-space-8) 0 var(--bi-space-3);
}
h3 {
  font-size: var(--bi-text-base);
  margin: var(--bi-space-6) 0 var(--bi-space-2);
}
code,
pre {
  font-family: var(--bi-font-mono);
  font-size: 0.9em;
}
header.top {
  background: var(--bi-color-bg);
  border-bottom: 1px solid var(--bi-color-border);
}
header.top .bar {
  max-width: 66rem;
  margin: 0 auto;
  padding: var(--bi-space-3) var(--bi-space-6);
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: var(--bi-space-2) var(--bi-space-6);
}
.brand {
  display: inline-flex;
  align-items: center;
  gap: var(--bi-space-2);
  font-weight: 700;
  color: var(--bi-color-text);
  text-decoration: none;
  margin-right: auto;
}
.brand svg {
  color: var(--bi-color-brand);
}
.brand .product {
  font-weight: 400;
  color: var(--bi-color-muted);
}
header.top nav {
  flex: 1 1 20rem;
  justify-content: flex-end;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: var(--bi-space-2) var(--bi-space-4);
}
header.top nav a {
  color: var(--bi-color-text);
  text-decoration: none;
}
header.top nav a[aria-current='page'] {
  color: var(--bi-color-brand);
  font-weight: 600;
}
.who {
  color: var(--bi-color-muted);
  font-size: var(--bi-text-sm);
  overflow-wrap: anywhere;
}
main {
  max-width: 66rem;
  margin: var(--bi-space-8) auto;
  padding: 0 var(--bi-space-6);
}
.panel,
main > form,
article.mail {
  background: var(--bi-color-bg);
  border: 1px solid var(--bi-color-border);
  border-radius: var(--bi-radius-lg);
  padding: var(--bi-space-4) var(--bi-space-6);
  margin: 0 0 var(--bi-space-6);
}
form.inline {
  display: inline;
}
main form.inline {
  background: none;
  border: 0;
  padding: 0;
}
label {
  display: block;
  font-weight: 600;
  font-size: var(--bi-text-sm);
  margin: var(--bi-space-4) 0 var(--bi-space-1);
}
input[type='email'],
input[type='password'],
input[type='text'],
select {
  font: inherit;
  color: var(--bi-color-text);
  background: var(--bi-color-bg);
  border: 1px solid var(--bi-color-border);
  border-radius: var(--bi-radius-md);
  padding: var(--bi-space-2) var(--bi-space-3);
  width: 24rem;
  max-width: 100%;
}
input:focus,
select:focus {
  border-color: var(--bi-color-brand);
}
input[type='checkbox'] {
  accent-color: var(--bi-color-brand);
  width: 1.1rem;
  height: 1.1rem;
  vertical-align: -0.15rem;
  margin-right: var(--bi-space-2);
}
fieldset {
  border: 1px solid var(--bi-color-border);
  border-radius: var(--bi-radius-md);
  margin: var(--bi-space-6) 0 0;
  padding: var(--bi-space-3) var(--bi-space-4);
}
legend {
  font-weight: 600;
  font-size: var(--bi-text-sm);
  padding: 0 var(--bi-space-2);
}
.batteries {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: var(--bi-space-1) var(--bi-space-4);
}
.batteries legend {
  grid-column: 1 / -1;
}
.batteries label {
  font-weight: 400;
  font-size: var(--bi-text-base);
  margin: var(--bi-space-1) 0;
}
button {
  font: inherit;
  font-weight: 600;
  cursor: pointer;
  background: var(--bi-color-brand);
  color: var(--bi-color-on-brand);
  border: 1px solid var(--bi-color-brand);
  border-radius: var(--bi-radius-pill);
  padding: var(--bi-space-2) var(--bi-space-4);
  line-height: 1.3;
}
button.secondary,
header.top button {
  background: transparent;
  color: var(--bi-color-brand);
}
button.danger {
  background: transparent;
  color: var(--bi-color-bad);
  border-color: var(--bi-color-bad);
}
table {
  border-collapse: collapse;
  margin: var(--bi-space-2) 0 var(--bi-space-4);
  background: var(--bi-color-bg);
  display: block;
  width: fit-content;
  overflow-x: auto;
  max-width: 100%;
}
th,
td {
  text-align: left;
  padding: var(--bi-space-2) var(--bi-space-3);
  border-bottom: 1px solid var(--bi-color-border);
}
th {
  font-weight: 600;
}
.notice {
  padding: var(--bi-space-3) var(--bi-space-4);
  border-radius: var(--bi-radius-md);
  border: 1px solid var(--bi-color-border);
  background: var(--bi-color-bg);
}
.notice.info {
  border-left: 4px solid var(--bi-color-info);
}
.notice.error {
  border-left: 4px solid var(--bi-color-bad);
}
.command {
  display: flex;
  flex-wrap: wrap;
  gap: var(--bi-space-2);
  align-items: center;
}
.command code {
  flex: 1 1 20rem;
  background: var(--bi-color-surface);
  border: 1px solid var(--bi-color-border);
  padding: var(--bi-space-3) var(--bi-space-4);
  border-radius: var(--bi-radius-md);
  overflow-x: auto;
  white-space: nowrap;
}
.muted {
  color: var(--bi-color-muted);
}
.live-status {
  font-size: var(--bi-text-sm);
  color: var(--bi-color-muted);
}
.chart {
  background: var(--bi-color-bg);
  border: 1px solid var(--bi-color-border);
  border-radius: var(--bi-radius-md);
  max-width: 100%;
  height: auto;
}
.chart polyline {
  fill: none;
  stroke: var(--bi-color-brand);
  stroke-width: 2;
}
.chart text {
  font-size: 10px;
  fill: var(--bi-color-muted);
}
.estimate td:last-child {
  text-align: right;
}
pre.mail {
  white-space: pre-wrap;
  background: var(--bi-color-surface);
  border: 1px solid var(--bi-color-border);
  border-radius: var(--bi-radius-md);
  padding: var(--bi-space-3);
}
`;
