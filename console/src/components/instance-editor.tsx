import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import type {
  FieldError,
  Instance,
  InstanceKind,
  Preview,
  PreviewRequest,
} from '@batteries-included/operator/api-types';
import { api, ApiProblem } from '../api/client.js';
import { READ_ONLY_NOTE, useCanWrite } from '../api/session.js';
import { useDebounced } from '../lib/use-debounced.js';
import { describeFields } from '../schema/fields.js';
import { canonical, isSameValue, type Spec } from '../schema/spec-value.js';
import { fieldIdOf, validateSpec, type FieldErrors } from '../schema/validate.js';
import { CredentialPicker } from './credential-picker.js';
import { DiffView } from './diff-view.js';
import { PlanTable } from './plan-table.js';
import { ProblemAlert } from './problem.js';
import { SchemaForm } from './schema-form.js';
import { Skeleton } from './skeleton.js';

export interface InstanceEditorProps {
  kind: InstanceKind;
  namespace: string;
  name: string;
  /** The instance when editing; absent when creating. */
  existing?: Instance;
  submitLabel: string;
  onSaved: (saved: Instance) => void;
}

/** Server field errors (`spec.x`, `instances[0].spec.x`) by form field id. */
function instanceFieldErrors(errors: readonly FieldError[]): FieldErrors {
  return Object.fromEntries(
    errors.map((e) => [fieldIdOf(e.field.replace(/^instances\[\d+\]\./, '')), e.message]),
  );
}

/**
 * Edits an instance's spec with the form generated from its kind's schema (a picker adds database credentials to
 * env), previewed by the operator as the plan the next pass would run once the form has settled, and saved only
 * when the server's dry-run accepts it.
 */
export function InstanceEditor({
  kind,
  namespace,
  name,
  existing,
  submitLabel,
  onSaved,
}: InstanceEditorProps) {
  const fields = useMemo(() => describeFields(kind.schema), [kind.schema]);
  const initial = useMemo(() => (existing?.spec ?? {}) as Spec, [existing?.spec]);
  const [spec, setSpec] = useState<Spec>(initial);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<unknown>();
  const [isSaving, setIsSaving] = useState(false);
  const client = useQueryClient();
  const canWrite = useCanWrite();
  const clientErrors = useMemo(
    () => validateSpec(fields, spec, { current: existing?.spec }),
    [fields, spec, existing?.spec],
  );
  const isDirty = !existing || !isSameValue(spec, initial);
  const isNamed =
    /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name) && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace);

  const request = useMemo(
    (): PreviewRequest => ({ instances: [{ plural: kind.plural, namespace, name, spec }] }),
    [kind.plural, namespace, name, spec],
  );
  const settled = useDebounced(request, 400);
  const isSettled = canonical(settled) === canonical(request);
  const preview = useQuery({
    queryKey: ['preview', canonical(settled)],
    queryFn: () => api<Preview>('/preview', { method: 'POST', body: settled }),
    enabled: isDirty && isNamed && Object.keys(clientErrors).length === 0,
    retry: false,
    staleTime: 5_000,
  });
  const previewErrors = preview.error instanceof ApiProblem ? instanceFieldErrors(preview.error.errors) : {};
  const errors = { ...previewErrors, ...serverErrors, ...clientErrors };

  const change = (next: Spec) => {
    setSpec(next);
    setServerErrors({});
    setSaveError(undefined);
  };
  /** Saves; `confirmCapacity` after the server said the nodes cannot fit it and the user chose to write anyway. */
  const save = async (confirmCapacity: boolean) => {
    if (Object.keys(clientErrors).length > 0 || !isNamed || !canWrite) return;
    setIsSaving(true);
    try {
      const base = `/instances/${kind.plural}/${encodeURIComponent(namespace)}`;
      const saved = existing
        ? await api<Instance>(`${base}/${encodeURIComponent(name)}`, {
            method: 'PUT',
            body: { spec, confirmCapacity },
          })
        : await api<Instance>(base, { method: 'POST', body: { name, spec, confirmCapacity } });
      await client.invalidateQueries({ queryKey: ['instances'] });
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiProblem) setServerErrors(instanceFieldErrors(error.errors));
      setSaveError(error);
    } finally {
      setIsSaving(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(false);
  };
  const isOverCapacity = saveError instanceof ApiProblem && saveError.slug === 'insufficient-capacity';

  const ours = preview.data?.plan.changes.filter((c) => c.ref.includes(`/${namespace}/`)) ?? [];
  return (
    <form onSubmit={submit} noValidate aria-label={`${kind.kind} ${name || 'new'}`}>
      {fields.some((field) => field.id === 'env') && (
        <CredentialPicker namespace={namespace} spec={spec} onChange={change} />
      )}
      <SchemaForm
        fields={fields}
        value={spec}
        onChange={change}
        errors={errors}
        current={existing?.spec}
        isEditing={Boolean(existing)}
      />
      <ProblemAlert error={saveError} />
      <section className="preview" aria-label="Preview" aria-live="polite">
        <h3>Preview</h3>
        {!isDirty ? (
          <p className="muted">Change a field to see what the operator would do.</p>
        ) : !isNamed ? (
          <p className="muted">Name it and its namespace to see the preview.</p>
        ) : Object.keys(clientErrors).length > 0 ? (
          <p className="muted">The preview appears once every field is valid.</p>
        ) : preview.isPending || !isSettled ? (
          <Skeleton lines={3} label="Computing the preview" />
        ) : preview.error ? (
          <ProblemAlert error={preview.error} />
        ) : preview.data ? (
          <>
            {existing && <DiffView label="Spec" before={existing.spec} after={spec} />}
            {preview.data.problems.length > 0 && (
              <ul className="alert alert-warn">
                {preview.data.problems.map((p, i) => (
                  <li key={i}>
                    <strong>{p.type}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            )}
            <PlanTable changes={ours} counts={preview.data.plan.counts} />
          </>
        ) : null}
      </section>
      <div className="actions">
        <button
          type="submit"
          aria-busy={isSaving}
          disabled={isSaving || !isDirty || !isNamed || !canWrite}
          title={canWrite ? undefined : READ_ONLY_NOTE}
        >
          {submitLabel}
        </button>
        {isOverCapacity && (
          <button type="button" className="secondary" disabled={isSaving} onClick={() => void save(true)}>
            {submitLabel} anyway
          </button>
        )}
        {!canWrite && <small className="muted">{READ_ONLY_NOTE}</small>}
      </div>
    </form>
  );
}
