/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SiteConfig } from '../config.js';
import type { BlogPost } from '../content.js';
import { Layout } from './layout.js';
import { Html } from './parts.js';

/** `/blog/`: every post, newest first. */
export function BlogIndex({ config, posts }: { config: SiteConfig; posts: readonly BlogPost[] }) {
  return (
    <Layout
      config={config}
      title="Blog"
      description="Notes on how Batteries Included is built."
      path="/blog/"
    >
      <div class="prose">
        <h1>Blog</h1>
        {posts.map((post) => (
          <article class="card">
            <h2>
              <a href={post.path}>{post.title}</a>
            </h2>
            <p class="post-meta">
              <time datetime={post.date}>{post.date}</time> · {post.author}
            </p>
            <p>{post.description}</p>
          </article>
        ))}
      </div>
    </Layout>
  );
}

/** One post. */
export function PostPage({ config, post }: { config: SiteConfig; post: BlogPost }) {
  return (
    <Layout config={config} title={post.title} description={post.description} path={post.path}>
      <article class="prose">
        <h1>{post.title}</h1>
        <p class="post-meta">
          <time datetime={post.date}>{post.date}</time> · {post.author} · <a href="/blog/">All posts</a>
        </p>
        <Html html={post.html} />
      </article>
    </Layout>
  );
}

/** `/404.html`. */
export function NotFoundPage({ config }: { config: SiteConfig }) {
  return (
    <Layout config={config} title="Page not found" description="There is no such page." path="/404.html">
      <div class="prose">
        <h1>Page not found</h1>
        <p>
          There is no page at this address. Try the <a href="/docs/">documentation</a> or the{' '}
          <a href="/batteries/">battery reference</a>.
        </p>
      </div>
    </Layout>
  );
}
