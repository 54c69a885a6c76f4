/** Fetches JSON from our API; a non-2xx reply becomes an Error carrying the API's own message. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.message ?? `${response.status} ${response.statusText}`);
    Object.assign(error, { status: response.status, body });
    throw error;
  }
  return body as T;
}
