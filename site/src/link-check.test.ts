import { checkLinks, checkPage } from './link-check.js';

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><title>T</title></head><body>${body}</body></html>`;

describe('checkLinks', () => {
  const pages = new Map([
    ['/index.html', page('<h1 id="top">Home</h1><a href="/docs/">docs</a><a href="/docs/#intro">intro</a>')],
    ['/docs/index.html', page('<h1 id="intro">Docs</h1><a href="../">home</a><img src="/a.jpg" alt="x">')],
  ]);

  it('accepts links, relative links, anchors and assets that exist', () => {
    expect(checkLinks(pages, new Set(['/a.jpg']))).toEqual([]);
  });

  it('reports a missing page, a missing anchor, a missing asset and a duplicate id', () => {
    const broken = new Map([
      ...pages,
      [
        '/bad.html',
        page(
          '<h1 id="x">B</h1><p id="x"></p><a href="/nope/">a</a><a href="/docs/#gone">b</a><a href="#x">c</a>',
        ),
      ],
    ]);
    expect(checkLinks(broken, new Set()).map((p) => p.message)).toEqual([
      'broken link /a.jpg: no file /a.jpg',
      'broken link /nope/: no file /nope/',
      'broken anchor /docs/#gone: /docs/index.html has no id "gone"',
      'duplicate id "x"',
    ]);
  });

  it('does not follow external links', () => {
    const external = new Map([['/index.html', page('<h1>H</h1><a href="https://example.com/x#y">x</a>')]]);
    expect(checkLinks(external, new Set())).toEqual([]);
  });
});

describe('checkPage', () => {
  it('passes a page with lang, a title, one h1, ordered headings and sized, described images', () => {
    const html = page(
      '<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2><img src="/a.jpg" alt="A cat" width="4" height="3">',
    );
    expect(checkPage('/ok.html', html)).toEqual([]);
  });

  it('reports two h1s, a skipped level, an image without alt or size, a script and a missing lang', () => {
    const html =
      '<html><title>T</title><h1>A</h1><h3>B</h3><h1>C</h1><img src="/a.jpg"><script></script></html>';
    expect(checkPage('/bad.html', html).map((p) => p.message)).toEqual([
      '<html> has no lang',
      '2 h1 elements; a page has exactly one',
      'heading order skips from h1 to h3',
      'image without alt text: <img src="/a.jpg">',
      'image without width and height: <img src="/a.jpg">',
      'a <script>: the site ships no JavaScript',
    ]);
  });
});
