import { tokensCss } from '@batteries-included/design';
import { HOME_BASE_CSS } from './style.js';

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

/**
 * `/static/live.js`: the installation page's live view. It opens the page's event stream (`data-live`) and swaps
 * in the server-rendered section each time a usage report arrives; without JavaScript the page stays as rendered.
 */
export const LIVE_JS = `// Installation page, live: swaps in the section the server renders when a usage report arrives (no inline script: CSP).
(() => {
  const root = document.querySelector('[data-live]');
  const status = document.getElementById('live-status');
  if (!root || !('EventSource' in window)) return;
  const say = (text) => { if (status) status.textContent = text; };
  const source = new EventSource(root.getAttribute('data-live'));
  source.addEventListener('open', () => say('Live: this page updates when a usage report arrives.'));
  // The first event is the section as of connecting (nothing is missed between page load and stream start).
  let isFirst = true;
  source.addEventListener('report', (event) => {
    root.innerHTML = event.data;
    if (!isFirst) say('Live: updated at ' + new Date().toLocaleTimeString() + '.');
    isFirst = false;
  });
  source.addEventListener('end', () => { source.close(); say('Reload the page for the latest report.'); });
  source.addEventListener('error', () => say('Reconnecting…'));
})();
`;

/** `/static/style.css`: the shared design tokens, then Home Base's own rules on them. */
export const STYLE_CSS = `${tokensCss()}${HOME_BASE_CSS}`;
