import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiProblem } from '../api/client.js';
import type {
  BatteryDetail,
  CatalogBattery,
  Preview,
  PreviewEntry,
  PreviewRequest,
} from '@batteries-included/operator/api-types';
import { useDebounced } from '../lib/use-debounced.js';
import { describeFields } from '../schema/fields.js';
import { canonical, isSameValue, type Spec } from '../schema/spec-value.js';
import { fieldErrorsOf, validateSpec, type FieldErrors } from '../schema/validate.js';
import { DiffView, FieldChanges } from './diff-view.js';
import { PlanTable } from './plan-table.js';
import { ProblemAlert } from './problem.js';
import { SchemaForm } from './schema-form.js';
import { Skeleton } from './skeleton.js';
import { READ_ONLY_NOTE, useCanWrite } from '../api/session.js';

export interface SpecEditorProps {
  entry: CatalogBattery;
  /** The installed battery when editing; absent when installing. */
  installed?: BatteryDetail;
  /** Batteries to install first (with their defaults): the missing dependencies, in install order. */
  alsoInstall?: readonly string[];
  submitLabel: string;
  /** After a save: the battery, and when the save began (passes that finish after it apply it). */
  onSaved: (type: string, since: string) => void;
  onCancel?: () => void;
}

/**
 * Edits a battery's spec with a schema-generated form: validated on every change, previewed by the operator
 * (the plan the next pass would run) once the form is valid and has settled, and saved only when valid.
 */
export function SpecEditor({
  entry,
  installed,
  alsoInstall = [],
  submitLabel,
  onSaved,
  onCancel,
}: SpecEditorProps) {
  const fields = useMemo(() => describeFields(entry.schema), [entry.schema]);
  const initial = useMemo(() => (installed?.spec ?? {}) as Spec, [installed?.spec]);
  const [spec, setSpec] = useState<Spec>(initial);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<unknown>();
  const [isSaving, setIsSaving] = useState(false);
  const [hasTriedSubmit, setHasTriedSubmit] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const client = useQueryClient();
  const canWrite = useCanWrite();

  const clientErrors = useMemo(
    () => validateSpec(fields, spec, { current: installed?.spec }),
    [fields, spec, installed?.spec],
  );
  const errors = { ...serverErrors, ...clientErrors };
  const errorCount = Object.keys(errors).length;
  const isDirty = !installed || !isSameValue(spec, initial);

  const requests: PreviewEntry[] = useMemo(
    () => [...alsoInstall.map((type) => ({ type, spec: {} })), { type: entry.type, spec }],
    [alsoInstall, entry.type, spec],
  );
  const settled = useDebounced(requests, 400);
  const isSettled = canonical(settled) === canonical(requests);
  const preview = useQuery({
    queryKey: ['preview', canonical(settled)],
    queryFn: () =>
      api<Preview>('/preview', { method: 'POST', body: { batteries: settled } satisfies PreviewRequest }),
    enabled: isDirty && Object.keys(clientErrors).length === 0,
    retry: false,
    staleTime: 5_000,
  });
  const previewFieldErrors =
    preview.error instanceof ApiProblem ? fieldErrorsOf(preview.error.errors, alsoInstall.length) : {};
  const shownErrors = { ...previewFieldErrors, ...errors };

  const change = (next: Spec) => {
    setSpec(next);
    setServerErrors({});
    setSaveError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setHasTriedSubmit(true);
    if (Object.keys(clientErrors).length > 0) {
      // Nothing is sent: point at the first field to fix.
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setIsSaving(true);
    setSaveError(undefined);
    // Taken before the request: the operator's pass can finish before the refetches below do.
    const since = new Date().toISOString();
    try {
      for (const type of alsoInstall) await api(`/batteries/${type}`, { method: 'PUT', body: { spec: {} } });
      await api(`/batteries/${entry.type}`, {
        method: 'PUT',
        // The generation, not the resourceVersion: it moves only when the spec does, so the operator's status
        // writes never make a save look stale.
        body: { spec, ...(installed ? { generation: installed.generation } : {}) },
      });
      await client.invalidateQueries();
      onSaved(entry.type, since);
    } catch (error) {
      if (error instanceof ApiProblem) setServerErrors(fieldErrorsOf(error.errors));
      setSaveError(error);
    } finally {
      setIsSaving(false);
    }
  };

  const ours = preview.data?.batteries.find((b) => b.type === entry.type);
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={`${entry.name} configuration`}>
      <SchemaForm
        fields={fields}
        value={spec}
        onChange={change}
        errors={shownErrors}
        current={installed?.spec}
        defaults={entry.defaults}
        resourcePresets={entry.resourcePresets}
        isEditing={Boolean(installed)}
      />

      {hasTriedSubmit && Object.keys(clientErrors).length > 0 && (
        <div className="alert alert-bad" role="alert">
          Nothing was saved: fix {errorCount === 1 ? 'the field' : `${errorCount} fields`} marked above.
        </div>
      )}
      <ProblemAlert error={saveError} />

      <section className="preview" aria-labelledby={`preview-${entry.type}`} aria-live="polite">
        <h3 id={`preview-${entry.type}`}>Preview</h3>
        {!isDirty ? (
          <p className="muted">Change a field to see what the operator would do.</p>
        ) : Object.keys(clientErrors).length > 0 ? (
          <p className="muted">The preview appears once every field is valid.</p>
        ) : preview.isPending || !isSettled ? (
          <Skeleton lines={3} label="Computing the preview" />
        ) : preview.error ? (
          <ProblemAlert error={preview.error} />
        ) : preview.data ? (
          <>
            {installed && <DiffView label="Spec" before={installed.spec} after={spec} />}
            {ours?.fields && ours.fields.length > 0 && <FieldChanges changes={ours.fields} />}
            {preview.data.problems.length > 0 && (
              <ul className="alert alert-warn">
                {preview.data.problems.map((p, i) => (
                  <li key={i}>
                    <strong>{p.type}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            )}
            <PlanTable changes={preview.data.plan.changes} counts={preview.data.plan.counts} />
          </>
        ) : null}
      </section>

      <div className="actions">
        <button
          type="submit"
          aria-busy={isSaving}
          disabled={isSaving || !isDirty || !canWrite}
          title={canWrite ? undefined : READ_ONLY_NOTE}
        >
          {submitLabel}
        </button>
        {!canWrite && <small className="muted">{READ_ONLY_NOTE}</small>}
        {installed && isDirty && (
          <button type="button" className="secondary" onClick={() => change(initial)}>
            Reset
          </button>
        )}
        {onCancel && (
          <button type="button" className="secondary outline" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
