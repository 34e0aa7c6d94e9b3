import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '@batteries-included/operator/api-types';
import { api } from '../api/client.js';
import { instancePath, useDeletePreview } from '../api/instance-queries.js';
import { READ_ONLY_NOTE, useCanWrite } from '../api/session.js';
import type { InstanceSection } from '../lib/instance-sections.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ProblemAlert } from './problem.js';
import { Skeleton } from './skeleton.js';

/**
 * Delete, with a warning naming the data objects kept (volumes, CloudNativePG Clusters, backup stores) as the
 * server's dry-run of the delete lists them.
 */
export function DeleteInstance({ instance, section }: { instance: Instance; section: InstanceSection }) {
  const [isOpen, setIsOpen] = useState(false);
  const [isDeleting, setIsDeleting] = useState(false);
  const [error, setError] = useState<unknown>();
  const preview = useDeletePreview(instance, isOpen);
  const client = useQueryClient();
  const navigate = useNavigate();
  const canWrite = useCanWrite();
  const label = `${instance.namespace}/${instance.name}`;
  const remove = async () => {
    setIsDeleting(true);
    setError(undefined);
    try {
      await api(instancePath(instance), { method: 'DELETE' });
      await client.invalidateQueries({ queryKey: ['instances'] });
      void navigate(section.path);
    } catch (caught) {
      setError(caught);
      setIsDeleting(false);
    }
  };
  const kept = preview.data?.kept ?? [];
  return (
    <>
      <p>
        Removes {label} and prunes its objects. Its data is kept: volumes (PVCs) and the objects that own them
        stay, labelled orphaned, until you delete them yourself.
      </p>
      <button
        type="button"
        className="danger"
        disabled={instance.isDeleting || !canWrite}
        title={canWrite ? undefined : READ_ONLY_NOTE}
        onClick={() => setIsOpen(true)}
      >
        Delete {instance.name}…
      </button>
      {!canWrite && <small className="muted"> {READ_ONLY_NOTE}</small>}
      <ConfirmDialog
        isOpen={isOpen}
        onClose={() => setIsOpen(false)}
        titleId="delete-title"
        title={`Delete ${label}?`}
        action={
          <button
            type="button"
            className="danger"
            aria-busy={isDeleting}
            disabled={isDeleting || preview.isPending}
            onClick={() => void remove()}
          >
            Delete
          </button>
        }
      >
        <ProblemAlert error={preview.error} />
        {preview.isPending ? (
          <Skeleton lines={2} label="Listing the data kept" />
        ) : kept.length > 0 ? (
          <div className="alert alert-info">
            These hold data; they are kept and labelled orphaned, and deleted only when you ask:
            <ul aria-label="Volumes kept">
              {kept.map((key) => (
                <li key={key} className="mono">
                  {key}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="muted">
            None of the objects it owns holds data. Volumes (PVCs) its pods claimed stay: Kubernetes does not
            delete them with their StatefulSet.
          </p>
        )}
        <ProblemAlert error={error} />
      </ConfirmDialog>
    </>
  );
}
