import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useInstanceKinds } from '../api/instance-queries.js';
import { InstanceEditor } from '../components/instance-editor.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';
import { instanceHref, type InstanceSection } from '../lib/instance-sections.js';

/** Create an instance of one of the section's kinds: kind, namespace and name, then the form from its schema. */
export default function NewInstancePage({ section }: { section: InstanceSection }) {
  const kinds = useInstanceKinds();
  const navigate = useNavigate();
  const [plural, setPlural] = useState<string>(section.kinds[0]!.plural);
  const [namespace, setNamespace] = useState('default');
  const [name, setName] = useState('');
  const kind = kinds.data?.kinds.find((k) => k.plural === plural);
  return (
    <>
      <h1>New {section.noun}</h1>
      <ProblemAlert error={kinds.error} />
      <div className="grid">
        <label>
          Kind
          <select value={plural} onChange={(e) => setPlural(e.target.value)}>
            {section.kinds.map(({ plural: p, option }) => {
              const known = kinds.data?.kinds.find((k) => k.plural === p);
              return (
                <option key={p} value={p}>
                  {option}
                  {known && !known.installed ? ` — install the ${known.battery} battery first` : ''}
                </option>
              );
            })}
          </select>
        </label>
        <label>
          Namespace
          <input value={namespace} onChange={(e) => setNamespace(e.target.value.trim())} />
        </label>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value.trim())}
            placeholder={section.noun === 'service' ? 'e.g. web' : 'e.g. orders'}
          />
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
          submitLabel={`Create ${section.noun}`}
          onSaved={(saved) => void navigate(instanceHref(section, saved))}
        />
      )}
    </>
  );
}
