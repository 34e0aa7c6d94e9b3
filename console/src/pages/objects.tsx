import { useSearchParams } from 'react-router';
import { useObjects } from '../api/queries.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';
import { ObjectTable } from './battery.js';

/** Every managed object with live readiness; each links to its version history. */
export default function ObjectsPage() {
  const [params, setParams] = useSearchParams();
  const filter = params.get('q') ?? '';
  const objects = useObjects();
  const shown = (objects.data?.objects ?? []).filter(
    (o) => o.ref.toLowerCase().includes(filter.toLowerCase()) || o.battery.includes(filter),
  );
  return (
    <>
      <h1>Objects</h1>
      {objects.data && (
        <p>
          {objects.data.counts.total} managed objects: {objects.data.counts.ready} ready,{' '}
          {objects.data.counts.notReady} not ready, {objects.data.counts.missing} missing.
        </p>
      )}
      <label htmlFor="object-filter">
        Filter by name, kind or battery
        <input
          id="object-filter"
          type="search"
          value={filter}
          onChange={(e) => setParams(e.target.value ? { q: e.target.value } : {}, { replace: true })}
        />
      </label>
      <ProblemAlert error={objects.error} />
      {objects.isPending ? <Skeleton lines={10} label="Loading objects" /> : <ObjectTable objects={shown} />}
    </>
  );
}
