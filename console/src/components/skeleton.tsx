/** Grey placeholder blocks shaped like the content that is loading, instead of a blank screen. */
export function Skeleton({ lines = 3, label = 'Loading' }: { lines?: number; label?: string }) {
  return (
    <div className="skeleton" aria-busy="true" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" style={{ width: `${90 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

export function PageSkeleton() {
  return (
    <article aria-busy="true" aria-label="Loading page">
      <div className="skeleton-title" />
      <Skeleton lines={6} />
    </article>
  );
}
