/**
 * The signed-in API key. Kept in sessionStorage: it survives a reload of this tab but not
 * the tab itself, is never written to the URL, and never sent anywhere but this origin.
 */
const KEY = 'vigil.apiKey';

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the user signs in again on reload
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, key);
  } catch {
    /* storage disabled */
  }
}
