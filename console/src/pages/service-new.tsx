import { useState } from 'react';
import { useNavigate } from 'react-router';
import { SERVICE_PLURALS, useInstanceKinds } from '../api/service-queries.js';
import { InstanceEditor } from '../components/instance-editor.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';

/** Create a service: its kind, namespace and name, then the form generated from the kind's schema. */
export default function NewServicePage() {
  const kinds = useInstanceKinds();
  const navigate = useNavigate();
  const [plural, setPlural] = useState<string>('traditionalservices');
  const [namespace, setNamespace] = useState('default');
  const [name, setName] = useState('');
  const kind = kinds.data?.kinds.find((k) => k.plural === plural);
  return (
    <>
      <h1>New service</h1>
      <ProblemAlert error={kinds.error} />
      <div className="grid">
        <label>
          Kind
          <select value={plural} onChange={(e) => setPlural(e.target.value)}>
            {(kinds.data?.kinds ?? [])
              .filter((k) => (SERVICE_PLURALS as readonly string[]).includes(k.plural))
              .map((k) => (
                <option key={k.plural} value={k.plural}>
                  {k.kind === 'KnativeService'
                    ? 'Knative (scales with traffic, to zero)'
                    : 'Traditional (always running)'}
                  {k.installed ? '' : ` — install the ${k.battery} battery first`}
                </option>
              ))}
          </select>
        </label>
        <label>
          Namespace
          <input value={namespace} onChange={(e) => setNamespace(e.target.value.trim())} />
        </label>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value.trim())} placeholder="e.g. web" />
        </label>
      </div>
      {kind && kind.description && <p className="muted">{kind.description}</p>}
      {!kind ? (
        <Skeleton lines={6} label="Loading the form" />
      ) : (
        <InstanceEditor
          key={plural}
          kind={kind}
          namespace={namespace}
          name={name}
          submitLabel="Create service"
          onSaved={(saved) => void navigate(`/services/${saved.plural}/${saved.namespace}/${saved.name}`)}
        />
      )}
    </>
  );
}
