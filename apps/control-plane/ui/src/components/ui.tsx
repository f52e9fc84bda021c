/** Small building blocks shared by every page: links, alerts, fields, JSON, times. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorText } from '../api/client';
import type { Diagnostic } from '../api/types';
import { onLinkClick } from '../app/router';
import { initialLoad, loadFailed, loadStarted, loadSucceeded, type LoadState } from './load-state';

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined }) {
  return (
    <a href={props.href} class={props.class} onClick={onLinkClick} aria-current={props['aria-current']}>
      {props.children}
    </a>
  );
}

/** A status line read out by screen readers when it changes. */
export function Alert(props: { kind: 'error' | 'ok' | 'info' | 'warn'; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/**
 * An API failure as the user needs it: the message and code, every field or compile
 * problem the API listed in `details`, and a retry when the page can load again.
 */
export function ErrorAlert(props: { error: unknown; onRetry?: () => void }) {
  if (!props.error) return null;
  const details = props.error instanceof ApiError ? (props.error.details as ErrorDetails | undefined) : undefined;
  const fields = details?.fields ?? [];
  const diagnostics = details?.diagnostics ?? [];
  return (
    <Alert kind="error">
      {errorText(props.error)}
      {props.onRetry && (
        <>
          {' '}
          <button type="button" class="link" onClick={props.onRetry}>
            Try again
          </button>
        </>
      )}
      {(fields.length > 0 || diagnostics.length > 0) && (
        <ul class="error-details">
          {fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {f.problems.join('; ')}
            </li>
          ))}
          {diagnostics.map((d, i) => (
            <li key={i}>
              {d.location.file}:{d.location.row}:{d.location.col} <code>{d.code}</code> {d.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

interface ErrorDetails {
  readonly fields?: { field: string; problems: string[] }[];
  readonly diagnostics?: Diagnostic[];
}

/** Shown while a page's first load is under way (later reloads keep the old data on screen). */
export function Loading(props: { what: string }) {
  return (
    <p class="muted loading" role="status">
      Loading {props.what}…
    </p>
  );
}

/** The input attributes fields use (kept explicit: Preact's input typings reject generic spreads). */
interface InputProps {
  id?: string;
  type?: 'text' | 'datetime-local';
  placeholder?: string;
  required?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  inputMode?: 'numeric' | 'text';
}

/** A labelled input; `hint` and `error` are tied to it with aria-describedby. */
export function Field(props: { label: string; value: string; onInput: (v: string) => void; hint?: string; error?: string | null } & InputProps) {
  const { label, value, onInput, hint, error, id } = props;
  const fieldId = id ?? `f-${label.toLowerCase().replace(/\W+/g, '-')}`;
  const described = [hint ? `${fieldId}-hint` : '', error ? `${fieldId}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={fieldId}>{label}</label>
      <input id={fieldId} value={value} onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)} aria-invalid={error ? true : undefined} aria-describedby={described}
        // Preact's typings split inputs by literal type; one component serves both kinds.
        type={(props.type ?? 'text') as 'text'}
        placeholder={props.placeholder}
        required={props.required}
        readOnly={props.readOnly}
        maxLength={props.maxLength}
        inputMode={props.inputMode}
      />
      {hint && <small id={`${fieldId}-hint`} class="hint">{hint}</small>}
      {error && <small id={`${fieldId}-err`} class="field-error">{error}</small>}
    </div>
  );
}

export function Select<T extends string>(props: { label: string; value: T; options: readonly (readonly [T, string])[]; onChange: (v: T) => void; id?: string }) {
  const id = props.id ?? `s-${props.label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value as T)}>
        {props.options.map(([v, text]) => (
          <option value={v} key={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Json(props: { value: unknown; label?: string }) {
  return (
    <pre class="json" tabIndex={0} aria-label={props.label ?? 'JSON'}>
      {props.value === undefined ? 'undefined' : JSON.stringify(props.value, null, 2)}
    </pre>
  );
}

/** A timestamp shown relative to now ("12 s ago"), exact on hover and for screen readers. */
export function Ago(props: { at: string | null }) {
  if (!props.at) return <span class="muted">never</span>;
  const s = Math.max(0, Math.round((Date.now() - Date.parse(props.at)) / 1000));
  const text = s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : s < 86400 ? `${Math.round(s / 3600)} h ago` : new Date(props.at).toLocaleDateString();
  return (
    <time dateTime={props.at} title={new Date(props.at).toLocaleString()}>
      {text}
    </time>
  );
}

/** A 0–1 score as a whole percentage: 0.95 → "95%". */
export const percent = (x: number) => `${Math.round(x * 100)}%`;

/** A 0–1 risk score or signal level: a meter (high reads as bad) and its percentage; `what` names it for screen readers. */
export function ScoreMeter(props: { value: number; what: string }) {
  const text = percent(props.value);
  return (
    <>
      <meter min={0} max={1} value={props.value} low={0.4} high={0.8} optimum={0} aria-label={`${props.what} ${text}`} /> {text}
    </>
  );
}

/** When something expires: the local date and time, or "never". */
export function Expiry(props: { at: string | null | undefined }) {
  return props.at ? <>{new Date(props.at).toLocaleString()}</> : <span class="muted">never</span>;
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}

/**
 * Page heading that takes focus on navigation, so keyboard and screen-reader users land on it.
 * It does so as the page is put in the document (a layout effect), not after the next paint: a
 * passive effect runs a frame or more later, on a busy machine long enough for the user to have
 * clicked or tabbed into a field, and the heading then took the focus from under their typing
 * (the keyboard walk's signal went into the wrong fields). Focus already inside the page stays.
 */
export function PageTitle(props: { children: ComponentChildren; actions?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    const main = ref.current?.closest('main');
    if (!main?.contains(document.activeElement)) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <header class="page-head">
      <h1 tabIndex={-1} ref={ref}>
        {props.children}
      </h1>
      {props.actions && <div class="actions">{props.actions}</div>}
    </header>
  );
}

/** A load's state with a way to run it again. */
export type Loaded<T> = LoadState<T> & { readonly reload: () => void };

/** Loads with `fn` on mount and whenever `deps` change; `reload` runs it again (see load-state.ts for what the state keeps). */
export function useLoad<T>(fn: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<LoadState<T>>(initialLoad);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setState(loadStarted);
    fn(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState(loadSucceeded(data)),
      (error) => !ctrl.signal.aborted && (error as Error).name !== 'AbortError' && setState((s) => loadFailed(s, error)),
    );
    return () => ctrl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Calls `fn` every `ms` while the page is visible. */
export function useInterval(fn: () => void, ms: number | null): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (ms === null) return;
    const id = setInterval(() => document.visibilityState === 'visible' && saved.current(), ms);
    return () => clearInterval(id);
  }, [ms]);
}

export function formatValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** `<input type="datetime-local">` value → ISO 8601 with zone, or undefined when empty. */
export function localToIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
