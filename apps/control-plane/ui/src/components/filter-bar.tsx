/**
 * Search and filter forms above a list: the fields apply as they change (the list's query
 * follows them), so the form has no submit and Enter in a field does not reload the page.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useState } from 'preact/hooks';

export function FilterBar(props: { label: string; children: ComponentChildren }) {
  return (
    <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={props.label}>
      {props.children}
    </form>
  );
}

/**
 * A filter form's values by name. `bind(name)` gives a Field its value and input handler;
 * `set` serves other controls. Updates apply to the latest values, so fast typing in two
 * fields loses nothing.
 */
export function useFilters<F extends Record<string, string>>(initial: F) {
  const [values, setValues] = useState(initial);
  const set = useCallback(<K extends keyof F>(name: K, value: F[K]) => setValues((v) => ({ ...v, [name]: value })), []);
  const bind = (name: keyof F & string) => ({ value: values[name], onInput: (v: string) => set(name, v as F[typeof name]) });
  return { values, set, bind };
}
