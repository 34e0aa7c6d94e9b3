import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { siteConfig } from './config.js';
import { expandIncludes } from './content.js';
import { jpegSize } from './images.js';
import { parseFrontMatter, renderMarkdown, slugify } from './markdown.js';

describe('markdown', () => {
  it('makes the same heading anchors as GitHub, which oclif readme links to', () => {
    expect(slugify('`bi start [SPEC]`')).toBe('bi-start-spec');
    expect(slugify('bi help [COMMAND]')).toBe('bi-help-command');
    expect(slugify('bi battery edit TYPE')).toBe('bi-battery-edit-type');
  });

  it('gives every heading a unique id and collects the headings', () => {
    const { html, headings } = renderMarkdown('# Top\n\n## Same\n\n## Same\n\ntext `a < b`');
    expect(headings).toEqual([
      { depth: 1, text: 'Top', id: 'top' },
      { depth: 2, text: 'Same', id: 'same' },
      { depth: 2, text: 'Same', id: 'same-1' },
    ]);
    expect(html).toContain('<h2 id="same-1">Same</h2>');
    expect(html).toContain('<code>a &lt; b</code>');
  });

  it('refuses a file without front matter, naming it', () => {
    expect(() => parseFrontMatter('# no front matter', 'docs/x.md')).toThrow(
      'docs/x.md: expected YAML front matter',
    );
  });

  it('includes a table from another file after a marker line, and names a missing marker', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const expanded = expandIncludes('<!-- include operator/README.md table-after="**Results**" -->', root);
    expect(expanded.startsWith('| 1,000 objects |')).toBe(true);
    expect(expanded.split('\n').every((line) => line.startsWith('|'))).toBe(true);
    expect(() => expandIncludes('<!-- include operator/README.md table-after="**Nope**" -->', root)).toThrow(
      'has no line starting with "**Nope**"',
    );
  });
});

describe('siteConfig', () => {
  it('defaults to the local Home Base and trims a trailing slash', () => {
    expect(siteConfig({}).signUpUrl).toBe('http://127.0.0.1:4100/signup');
    expect(siteConfig({ HOME_BASE_URL: 'https://home.example.com/' }).signUpUrl).toBe(
      'https://home.example.com/signup',
    );
  });

  it('refuses a value that is not an http(s) URL, naming it', () => {
    expect(() => siteConfig({ HOME_BASE_URL: 'home' })).toThrow('HOME_BASE_URL "home" is not a URL');
    expect(() => siteConfig({ HOME_BASE_URL: 'ftp://x' })).toThrow('must be an http or https URL');
  });
});

describe('jpegSize', () => {
  it('reads the frame size of a console screenshot', () => {
    const bytes = readFileSync(
      fileURLToPath(new URL('../../console/docs/screenshots/dashboard.jpg', import.meta.url)),
    );
    expect(jpegSize(new Uint8Array(bytes))).toEqual({ width: 640, height: 430 });
  });

  it('refuses bytes that are not a JPEG', () => {
    expect(() => jpegSize(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toThrow('not a JPEG');
  });
});
