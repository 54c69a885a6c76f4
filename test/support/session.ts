/** Signs in through next-auth's credentials endpoint, as a browser would; returns the cookie. */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
): Promise<{ cookie: string | null; error: string | null }> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('next-auth.session-token='));
  const location =
    response.headers.get('location') ?? ((await response.json()) as { url?: string }).url ?? '';
  const error = new URL(location, baseUrl).searchParams.get('error');
  return { cookie: session ?? null, error };
}
