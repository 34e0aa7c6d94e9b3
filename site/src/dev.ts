// `npm run site:dev`: serves the site from memory on http://127.0.0.1:4300 (PORT overrides). Node's --watch
// restarts this process when site/src, site/content or design/src change; each page then opens an event stream
// that drops with the old process, and the small script injected here (in development only: the built site has no
// JavaScript) reloads the page once the new process answers.
import { createServer } from 'node:http';
import { siteConfig } from './config.js';
import { checkSite } from './site-checks.js';
import { buildSite, outputPath } from './site.js';

const RELOAD_SCRIPT = `<script>
(() => {
  let opened = false;
  const connect = () => {
    const events = new EventSource('/__reload');
    events.onopen = () => { if (opened) location.reload(); opened = true; };
    events.onerror = () => { events.close(); setTimeout(connect, 300); };
  };
  connect();
})();
</script>`;

const port = Number(process.env.PORT ?? 4300);
const files = await buildSite(siteConfig());
for (const problem of checkSite(files)) process.stderr.write(`${problem.file}: ${problem.message}\n`);

createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (path === '/__reload') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write(': connected\n\n');
    return;
  }
  const file = files.get(outputPath(path)) ?? files.get(`${path}/index.html`);
  const found = file ?? files.get('/404.html')!;
  const body =
    typeof found.body === 'string' && found.contentType.startsWith('text/html')
      ? found.body.replace('</body>', `${RELOAD_SCRIPT}</body>`)
      : found.body;
  response.writeHead(file ? 200 : 404, { 'content-type': found.contentType, 'cache-control': 'no-store' });
  response.end(body);
}).listen(port, '127.0.0.1', () => {
  process.stdout.write(`site: http://127.0.0.1:${port}/ (reloads on changes)\n`);
});
