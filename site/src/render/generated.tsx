/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { GeneratedKind } from '../reference/generated-objects.js';

/** What a real `generate()` rendered, by kind: API version, count and namespaces. Nothing when it rendered nothing. */
export function GeneratedTable({ generated }: { generated: readonly GeneratedKind[] }) {
  if (generated.length === 0) return <></>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">API version</th>
          <th scope="col">Count</th>
          <th scope="col">Namespaces</th>
        </tr>
      </thead>
      <tbody>
        {generated.map((g) => (
          <tr>
            <td>{g.kind}</td>
            <td>
              <code>{g.apiVersion}</code>
            </td>
            <td>{g.count}</td>
            <td>{g.namespaces.length > 0 ? g.namespaces.join(', ') : 'cluster-scoped'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The container images the generated objects run. Nothing when there are none. */
export function ImageList({ images }: { images: readonly string[] }) {
  if (images.length === 0) return <></>;
  return (
    <>
      <p>Images the generated objects run (each overridable in the spec where it has an image field):</p>
      <ul>
        {images.map((image) => (
          <li>
            <code>{image}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
