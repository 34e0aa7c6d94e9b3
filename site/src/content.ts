import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { parseFrontMatter, renderMarkdown, type Heading } from './markdown.js';

const docMetaSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().min(1),
  /** Position within its section, ascending. */
  order: z.int(),
});

const postMetaSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().min(1),
  /** ISO date, e.g. 2026-12-01. */
  date: z.iso.date(),
  author: z.string().min(1),
});

/** A page written in Markdown under `site/content/`. */
export interface ContentPage {
  /** The site path, with a trailing slash: `/docs/concepts/the-pass/`. */
  path: string;
  /** The file, relative to `site/content/`. */
  file: string;
  title: string;
  description: string;
  html: string;
  headings: Heading[];
}

export interface DocPage extends ContentPage {
  /** The folder under `docs/` (`concepts`, `operations`), or `''` for top-level pages. */
  section: string;
  order: number;
}

export interface BlogPost extends ContentPage {
  date: string;
  author: string;
}

/**
 * Expands `<!-- include <file> table-after="<marker>" -->` lines: the first Markdown table after the line that
 * starts with the marker in `<file>` (relative to the repository root), so figures are quoted from their source
 * instead of copied. Throws naming the file and marker when either is missing.
 */
export function expandIncludes(body: string, repoRoot: string): string {
  return body.replace(
    /^<!-- include (\S+) table-after="([^"]+)" -->$/gm,
    (_line, file: string, marker: string) => {
      const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
      const start = lines.findIndex((line) => line.startsWith(marker));
      if (start < 0) throw new Error(`include: ${file} has no line starting with ${JSON.stringify(marker)}`);
      const first = lines.findIndex((line, index) => index > start && line.startsWith('|'));
      if (first < 0) throw new Error(`include: ${file} has no table after ${JSON.stringify(marker)}`);
      const end = lines.findIndex((line, index) => index > first && !line.startsWith('|'));
      return lines.slice(first, end < 0 ? undefined : end).join('\n');
    },
  );
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function parseMeta<T>(schema: z.ZodType<T>, meta: unknown, file: string): T {
  const parsed = schema.safeParse(meta);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(front matter)'}: ${i.message}`);
    throw new Error(`${file}: invalid front matter: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Every Markdown page under `<contentDir>/docs`, sorted by section then order. */
export function loadDocs(contentDir: string): DocPage[] {
  const root = join(contentDir, 'docs');
  return markdownFiles(root)
    .map((path) => {
      const file = relative(contentDir, path);
      const { meta, body } = parseFrontMatter(readFileSync(path, 'utf8'), file);
      const { title, description, order } = parseMeta(docMetaSchema, meta, file);
      const slug = relative(root, path).replace(/\.md$/, '');
      const section = slug.includes('/') ? slug.slice(0, slug.lastIndexOf('/')) : '';
      return { path: `/docs/${slug}/`, file, title, description, order, section, ...renderMarkdown(body) };
    })
    .sort((a, b) => a.section.localeCompare(b.section) || a.order - b.order);
}

/** Every post under `<contentDir>/blog`, newest first; includes resolve against `repoRoot`. */
export function loadPosts(contentDir: string, repoRoot: string): BlogPost[] {
  const root = join(contentDir, 'blog');
  return markdownFiles(root)
    .map((path) => {
      const file = relative(contentDir, path);
      const { meta, body } = parseFrontMatter(readFileSync(path, 'utf8'), file);
      const { title, description, date, author } = parseMeta(postMetaSchema, meta, file);
      const slug = relative(root, path).replace(/\.md$/, '');
      const html = renderMarkdown(expandIncludes(body, repoRoot));
      return { path: `/blog/${slug}/`, file, title, description, date, author, ...html };
    })
    .sort((a, b) => b.date.localeCompare(a.date));
}
