import { useState } from 'react';
import { usePostgresClusters } from '../api/instance-queries.js';
import type { Spec } from '../schema/spec-value.js';

const KEYS = ['uri', 'dsn', 'host', 'port', 'username', 'password', 'database'] as const;

export interface CredentialPickerProps {
  namespace: string;
  spec: Spec;
  onChange: (next: Spec) => void;
}

/**
 * Adds an env value that reads a PostgresCluster user's credentials by reference (`fromPostgres`): pick the
 * cluster (this namespace's, or another's that hands the user's credentials here), the user and the key. The
 * value itself never passes through the console.
 */
export function CredentialPicker({ namespace, spec, onChange }: CredentialPickerProps) {
  const clusters = usePostgresClusters();
  const [choice, setChoice] = useState('');
  const [user, setUser] = useState('');
  const [key, setKey] = useState<(typeof KEYS)[number]>('uri');
  const [variable, setVariable] = useState('DATABASE_URL');
  const offered = (clusters.data?.instances ?? []).filter((cluster) => {
    const users = (cluster.spec.users ?? []) as Array<{ username: string; credentialNamespaces?: string[] }>;
    return cluster.namespace === namespace || users.some((u) => u.credentialNamespaces?.includes(namespace));
  });
  const cluster = offered.find((c) => `${c.namespace}/${c.name}` === choice);
  const users = (
    (cluster?.spec.users ?? []) as Array<{ username: string; credentialNamespaces?: string[] }>
  ).filter((u) => cluster?.namespace === namespace || u.credentialNamespaces?.includes(namespace));
  const add = () => {
    if (!cluster || !user) return;
    const env = Array.isArray(spec.env) ? (spec.env as Spec[]) : [];
    const fromPostgres = {
      cluster: cluster.name,
      user,
      key,
      ...(cluster.namespace !== namespace ? { namespace: cluster.namespace } : {}),
    };
    onChange({ ...spec, env: [...env.filter((e) => e.name !== variable), { name: variable, fromPostgres }] });
  };
  return (
    <details className="field-group credential-picker">
      <summary>Database credentials — read a PostgresCluster user’s settings into an env value</summary>
      {offered.length === 0 ? (
        <p className="muted">
          No PostgresCluster offers credentials to {namespace || 'this namespace'}: create one here, or list
          this namespace in a user’s credentialNamespaces (and grant it with a CredentialGrant).
        </p>
      ) : (
        <div className="grid">
          <label>
            Cluster
            <select value={choice} onChange={(e) => (setChoice(e.target.value), setUser(''))}>
              <option value="">Choose…</option>
              {offered.map((c) => (
                <option key={`${c.namespace}/${c.name}`} value={`${c.namespace}/${c.name}`}>
                  {c.namespace}/{c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            User
            <select value={user} onChange={(e) => setUser(e.target.value)} disabled={!cluster}>
              <option value="">Choose…</option>
              {users.map((u) => (
                <option key={u.username}>{u.username}</option>
              ))}
            </select>
          </label>
          <label>
            Key
            <select value={key} onChange={(e) => setKey(e.target.value as (typeof KEYS)[number])}>
              {KEYS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label>
            Variable
            <input value={variable} onChange={(e) => setVariable(e.target.value)} />
          </label>
          <button type="button" onClick={add} disabled={!cluster || !user || !variable}>
            Add to env
          </button>
        </div>
      )}
    </details>
  );
}
