// `npm run site:dev`: serves the site from memory on http://127.0.0.1:4300 (PORT overrides). Node's --watch
// restarts this process when site/src, site/content or design/src change; each page then holds an event stream
// that drops with the old process, and the small script injected here (in development only: the built site has no
// JavaScript) reloads the page once the new process answers.
import { siteConfig } from './config.js';
import { serveSite } from './serve.js';
import { checkSite } from './site-checks.js';
import { buildSite } from './site.js';

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

const files = await buildSite(siteConfig());
for (const problem of checkSite(files)) process.stderr.write(`${problem.file}: ${problem.message}\n`);
const { url } = await serveSite(files, {
  port: Number(process.env.PORT ?? 4300),
  transformHtml: (html) => html.replace('</body>', `${RELOAD_SCRIPT}</body>`),
  extra: (path, response) => {
    if (path !== '/__reload') return false;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write(': connected\n\n');
    return true;
  },
});
process.stdout.write(`site: ${url}/ (reloads on changes)\n`);
