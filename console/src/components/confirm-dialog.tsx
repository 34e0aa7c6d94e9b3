import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal that asks before something destructive (uninstall, delete): its title, what will happen, "Keep it", and
 * the action's own button. Opens and closes with `isOpen`; Escape and "Keep it" call `onClose`.
 */
export function ConfirmDialog({
  isOpen,
  onClose,
  titleId,
  title,
  children,
  action,
}: {
  isOpen: boolean;
  onClose: () => void;
  titleId: string;
  title: ReactNode;
  children: ReactNode;
  action: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (isOpen) ref.current?.showModal();
    else ref.current?.close();
  }, [isOpen]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose}>
      <article>
        <h2 id={titleId}>{title}</h2>
        {children}
        <footer>
          <button type="button" className="secondary" onClick={onClose}>
            Keep it
          </button>
          {action}
        </footer>
      </article>
    </dialog>
  );
}
