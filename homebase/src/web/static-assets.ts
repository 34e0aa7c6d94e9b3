// The two static files Home Base serves, kept in the module (no inline script or style anywhere: the CSP allows
// only 'self'), so the compiled server needs no asset directory.

/** `/static/copy.js`: the install command's copy button. */
export const COPY_JS = `// The install command's copy button: copies the command text, then says so. Served as a file (no inline script: CSP).
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!button) return;
  const source = document.getElementById(button.getAttribute('data-copy'));
  if (!source) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(
    () => (button.textContent = 'Copied'),
    () => (button.textContent = 'Copy failed: select the text'),
  );
});
`;

/** `/static/style.css`. */
export const STYLE_CSS = `body {
  font-family: system-ui, sans-serif;
  margin: 0;
  color: #1d2433;
  background: #f7f8fa;
}
header {
  display: flex;
  justify-content: space-between;
  align-items: center;
  padding: 0.75rem 1.5rem;
  background: #1d2433;
  color: #fff;
}
header a {
  color: #fff;
  margin-right: 1rem;
  text-decoration: none;
}
header .brand {
  font-weight: 600;
}
header .who {
  opacity: 0.8;
  margin-right: 1rem;
}
main {
  max-width: 60rem;
  margin: 1.5rem auto;
  padding: 0 1.5rem;
}
form.inline {
  display: inline;
}
label {
  display: block;
  margin: 0.75rem 0 0.25rem;
}
input[type='email'],
input[type='password'],
input[type='text'],
select {
  padding: 0.4rem;
  width: 22rem;
  max-width: 100%;
}
button {
  padding: 0.4rem 0.9rem;
  cursor: pointer;
}
table {
  border-collapse: collapse;
  margin: 0.5rem 0 1rem;
}
th,
td {
  text-align: left;
  padding: 0.3rem 0.8rem;
  border-bottom: 1px solid #d9dde5;
}
.notice {
  padding: 0.6rem 0.9rem;
  border-radius: 4px;
}
.notice.info {
  background: #e3f1ff;
}
.notice.error {
  background: #ffe3e3;
}
.command {
  display: flex;
  gap: 0.5rem;
  align-items: center;
}
.command code {
  background: #1d2433;
  color: #e6edf3;
  padding: 0.6rem 0.9rem;
  border-radius: 4px;
  overflow-x: auto;
}
.batteries label {
  display: inline-block;
  width: 18rem;
  margin: 0.2rem 0;
}
.muted {
  color: #5b6475;
}
.chart {
  background: #fff;
  border: 1px solid #d9dde5;
}
.chart polyline {
  fill: none;
  stroke: #2f6fde;
  stroke-width: 2;
}
.chart text {
  font-size: 10px;
  fill: #5b6475;
}
.estimate td:last-child {
  text-align: right;
}
pre.mail {
  white-space: pre-wrap;
  background: #fff;
  border: 1px solid #d9dde5;
  padding: 0.6rem;
}
`;
