/**
 * A modal dialog on the native <dialog> element: the browser traps focus inside it, makes
 * the page behind inert, and closes it on Escape. Opening focuses the element marked
 * `autofocus` (else the first focusable one); closing returns focus to whatever opened it.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../api/client';
import type { Status } from './form-status';

let counter = 0;

export function Dialog(props: { title: string; children: ComponentChildren; onClose: () => void; class?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useRef(`dialog-title-${++counter}`).current;
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    // Escape closes the native dialog at once (the browser gives the focus back to the opener)
    // but announces it with a `close` event only in a later task. A dialog opened in between
    // (Enter on the opener) would take that stale close as its own answer, so the state changes
    // on `cancel`, which comes synchronously first; `close` then finds it done.
    let done = false;
    const closed = () => {
      if (done) return;
      done = true;
      onClose.current();
    };
    dialog.addEventListener('cancel', closed);
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('cancel', closed);
      dialog.removeEventListener('close', closed);
      if (dialog.open) dialog.close();
      // The opener may be gone (a deleted row): then the page heading takes the focus, so a
      // keyboard user is not left at the top of the document. Once more after the dialog has
      // left the page: removing it while it held the focus can drop the focus to <body>.
      const restore = () => {
        if (opener?.isConnected) opener.focus();
        else document.querySelector<HTMLElement>('#main h1')?.focus();
      };
      restore();
      setTimeout(() => {
        if (!document.activeElement || document.activeElement === document.body) restore();
      }, 0);
    };
  }, []);

  return (
    <dialog ref={ref} class={`dialog ${props.class ?? ''}`} aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/**
 * "Are you sure?" with a described consequence. The safe choice (Cancel) has the focus,
 * so Enter pressed by habit does not destroy anything; `blocked` disables the action and
 * says why.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  blocked?: string | null;
  /** Whether `blocked` is a wait (a check under way) rather than a refusal. */
  waiting?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <div class="dialog-body">{props.children}</div>
      {props.blocked && (
        <p class={props.waiting ? 'muted' : 'bad-text'} role="status">
          {props.blocked}
        </p>
      )}
      <div class="toolbar dialog-actions">
        <button type="button" class={props.danger ? 'danger-solid' : 'primary'} disabled={props.busy || !!props.blocked} onClick={props.onConfirm}>
          {props.busy ? 'Working…' : props.confirmLabel}
        </button>
        <button type="button" autoFocus onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

export interface ConfirmOptions {
  readonly title: string;
  readonly body: ComponentChildren;
  readonly confirmLabel: string;
  readonly danger?: boolean;
}

/**
 * `await ask({...})` in place of window.confirm(): the same question in a ConfirmDialog,
 * styled like the rest of the page. Render the returned element somewhere in the component.
 */
export function useConfirm(): [ComponentChildren, (o: ConfirmOptions) => Promise<boolean>] {
  const [pending, setPending] = useState<(ConfirmOptions & { resolve: (ok: boolean) => void; id: number }) | null>(null);
  const ask = useCallback((o: ConfirmOptions) => new Promise<boolean>((resolve) => setPending({ ...o, resolve, id: ++counter })), []);
  const answer = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  const element = pending && (
    // Keyed per question: each one is a new dialog element, opened (showModal) on its own.
    <ConfirmDialog key={pending.id} title={pending.title} confirmLabel={pending.confirmLabel} danger={pending.danger} onConfirm={() => answer(true)} onCancel={() => answer(false)}>
      {pending.body}
    </ConfirmDialog>
  );
  return [element, ask];
}

/** A change that needs the user's yes first (delete, lift, revert). */
export interface ConfirmedChange<R> extends ConfirmOptions {
  /** Makes the change once the user confirms. */
  readonly run: () => Promise<R>;
  /** What to say when it worked. */
  readonly done: (result: R) => string;
  /** Runs after the change whether it worked or not (reload what it changed). */
  readonly then?: () => void;
}

/**
 * Asks in a ConfirmDialog (see useConfirm), makes the change, and reports how it went (the
 * API's error when it failed) through `report`. Render the returned element in the component.
 */
export function useConfirmedChange(report: (s: Status) => void): [ComponentChildren, <R>(c: ConfirmedChange<R>) => Promise<void>] {
  const [dialog, ask] = useConfirm();
  const change = async <R,>(c: ConfirmedChange<R>) => {
    if (!(await ask(c))) return;
    try {
      report({ kind: 'ok', text: c.done(await c.run()) });
    } catch (e) {
      report({ kind: 'error', text: errorText(e) });
    }
    c.then?.();
  };
  return [dialog, change];
}
