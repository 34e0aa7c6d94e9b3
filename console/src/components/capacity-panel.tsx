import { useCapacity } from '../api/metrics.js';
import { formatMetric } from '../lib/metric-format.js';
import { ProblemAlert } from './problem.js';
import { Skeleton } from './skeleton.js';

/** Each node's allocatable CPU and memory against what its pods request, as the scheduler sees it. Loaded lazily. */
export default function CapacityPanel() {
  const capacity = useCapacity();
  if (capacity.isPending) return <Skeleton lines={2} />;
  if (capacity.error) return <ProblemAlert error={capacity.error} />;
  if (capacity.data.nodes.length === 0) return <p className="muted">No nodes.</p>;
  return (
    <table className="compact capacity">
      <thead>
        <tr>
          <th scope="col">Node</th>
          <th scope="col">CPU requested</th>
          <th scope="col">Memory requested</th>
          <th scope="col">Pods</th>
        </tr>
      </thead>
      <tbody>
        {capacity.data.nodes.map((node) => (
          <tr key={node.name}>
            <td>{node.name}</td>
            <td>
              <Usage
                used={node.requested.cpu}
                total={node.allocatable.cpu}
                unit="cores"
                label={`CPU of ${node.name}`}
              />
            </td>
            <td>
              <Usage
                used={node.requested.memory}
                total={node.allocatable.memory}
                unit="bytes"
                label={`Memory of ${node.name}`}
              />
            </td>
            <td>{node.pods}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Usage({
  used,
  total,
  unit,
  label,
}: {
  used: number;
  total: number;
  unit: 'cores' | 'bytes';
  label: string;
}) {
  return (
    <span className="usage">
      <progress value={Math.min(used, total)} max={total || 1} aria-label={label} />
      {formatMetric(used, unit)} of {formatMetric(total, unit)}
    </span>
  );
}
