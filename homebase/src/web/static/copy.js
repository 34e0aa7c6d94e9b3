/* global document, Element, navigator */
// The install command's copy button: copies the command text, then says so. Served as a file (no inline script: CSP).
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
