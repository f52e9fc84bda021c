/** Sign in with an API key. The key is checked against the API before it is kept. */
import { useState } from 'preact/hooks';
import { ApiError, api, errorText } from '../api/client';
import { Alert } from '../components/ui';

export function SignIn(props: { onSignedIn: (key: string) => void; reason?: string | null }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const k = key.trim();
    if (!k) return setError('Enter an API key.');
    setBusy(true);
    setError(null);
    try {
      await api('GET', '/v1/revisions?limit=1', { key: k });
      props.onSignedIn(k);
    } catch (err) {
      // 403 means the key is real but may not read revisions (an agent registrar): let it in.
      if (err instanceof ApiError && err.status === 403) props.onSignedIn(k);
      else setError(err instanceof ApiError && err.status === 401 ? 'This API key is unknown or revoked.' : errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in" id="main">
      <form class="card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div class="brand brand-large" aria-hidden="true">
          <span class="logo">V</span> Vigil
        </div>
        <h1 id="sign-in-title">Sign in to the workbench</h1>
        <p class="muted">Use an API key with the author, viewer or admin scope. It is kept in this browser tab only.</p>
        {props.reason && <Alert kind="info">{props.reason}</Alert>}
        <div class="field">
          <label for="api-key">API key</label>
          <input id="api-key" type="password" autoComplete="off" spellcheck={false} value={key} onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'api-key-err' : undefined} autoFocus />
          {error && (
            <small id="api-key-err" class="field-error" role="alert">
              {error}
            </small>
          )}
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
