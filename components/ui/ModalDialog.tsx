'use client';

import { useEffect, useId, useRef, type CSSProperties, type ReactNode } from 'react';

/** The look of a confirm button whose action lowers, forces or removes something. */
export const DANGER_BUTTON: CSSProperties = {
  background: 'transparent',
  borderColor: 'var(--danger)',
  color: 'var(--danger)',
};

/**
 * The modal every confirmation uses: opened as a native modal dialog on mount, titled, closed by
 * Esc through `onCancel`, outlined in the danger colour when what it confirms is risky. Focus
 * starts on the element marked `data-autofocus` (the safe choice, Cancel), else the first one.
 */
export function ModalDialog({
  title,
  testId,
  danger = false,
  maxWidth = 560,
  onCancel,
  children,
}: {
  title: ReactNode;
  testId: string;
  danger?: boolean;
  maxWidth?: number;
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal-dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      style={{
        maxWidth,
        width: 'calc(100% - 2rem)',
        background: 'var(--panel)',
        color: 'var(--text)',
        border: `1px solid ${danger ? 'var(--danger)' : 'var(--border)'}`,
        borderRadius: 8,
        padding: '1.25rem 1.5rem',
      }}
    >
      <h2 id={titleId} style={{ marginTop: 0 }}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}
