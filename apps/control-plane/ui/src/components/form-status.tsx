/** How a form's submit or a confirmed change went, and the submit handler that tracks it. */
import { useState } from 'preact/hooks';
import { Alert } from './ui';

/** How the last thing the user did on a page went. */
export type Status = { readonly kind: 'ok' | 'error'; readonly text: string } | null;

export function StatusAlert(props: { status: Status }) {
  return props.status && <Alert kind={props.status.kind}>{props.status.text}</Alert>;
}

/**
 * A form's submit handler: stops the page load, marks the form busy while `send` runs, and keeps
 * what it threw for an ErrorAlert (a check that throws before sending shows the same way).
 */
export function useSubmit(send: () => Promise<void>): { onSubmit: (e: Event) => Promise<void>; busy: boolean; error: unknown } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await send();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { onSubmit, busy, error };
}
