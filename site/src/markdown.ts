import { Marked, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';

/** A heading of a rendered page, for its table of contents and the link check. */
export interface Heading {
  depth: number;
  text: string;
  id: string;
}

export interface RenderedMarkdown {
  html: string;
  headings: Heading[];
}

/**
 * GitHub's heading anchors (what `oclif readme` links to): lower-case, punctuation other than `-` and `_`
 * dropped, spaces to `-`. `used` makes repeats unique (`-1`, `-2`, ...) as GitHub does.
 * @example slugify('`bi start [SPEC]`') // → 'bi-start-spec'
 */
export function slugify(text: string, used?: Map<string, number>): string {
  const base = text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
  if (!used) return base;
  const seen = used.get(base) ?? 0;
  used.set(base, seen + 1);
  return seen === 0 ? base : `${base}-${seen}`;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Markdown (GitHub flavour) to HTML with an `id` on every heading. Headings are shifted by `headingShift` levels
 * so that a document's `#` can sit under the page's own `h1`.
 */
export function renderMarkdown(source: string, { headingShift = 0 } = {}): RenderedMarkdown {
  const headings: Heading[] = [];
  const used = new Map<string, number>();
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Heading['tokens']): string } }, token) {
        const inner = this.parser.parseInline(token.tokens);
        const text = decodeEntities(inner.replace(/<[^>]*>/g, ''));
        const id = slugify(text, used);
        const depth = Math.min(6, token.depth + headingShift);
        headings.push({ depth, text, id });
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
    },
  });
  const html = marked.parse(source) as string;
  return { html, headings };
}

/** A Markdown file with YAML front matter between `---` lines. */
export interface MarkdownFile<Meta> {
  meta: Meta;
  body: string;
}

/** Splits front matter from the body; throws naming the file when the front matter is missing or not YAML. */
export function parseFrontMatter(source: string, file: string): MarkdownFile<Record<string, unknown>> {
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`${file}: expected YAML front matter between --- lines at the top`);
  const meta: unknown = parseYaml(match[1]!);
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new Error(`${file}: the front matter must be a YAML mapping`);
  }
  return { meta: meta as Record<string, unknown>, body: match[2]! };
}
