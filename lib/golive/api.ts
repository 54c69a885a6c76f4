// The HTTP side of the go-live commands (certify, rollout): one deployment, one credential, and
// every reply kept as evidence (status, headers, parsed body, the server's clock) rather than
// thrown, so a check can say what it saw.

/** How the commands authenticate: the internal token, or an API token (Bearer). */
export interface Credential {
  kind: 'internal' | 'token';
  headers: Record<string, string>;
  /** Which environment variable it came from, for messages. */
  source: string;
}

export const CREDENTIAL_HELP =
  'set INTERNAL_API_TOKEN (the X-Internal-API-Token of the deployment, acts as an operator) or ' +
  'FUSION_API_TOKEN (an API token from the Admin page)';

/**
 * The credential from the environment, never from the command line (where it would end up in
 * shell history and process lists). With both set, the internal token wins: the guardrail
 * rehearsal is honoured for operators and the internal token, never for API tokens.
 */
export function credentialFromEnv(env: Record<string, string | undefined>): Credential | null {
  const internal = env.INTERNAL_API_TOKEN?.trim();
  if (internal)
    return {
      kind: 'internal',
      headers: { 'x-internal-api-token': internal },
      source: 'INTERNAL_API_TOKEN',
    };
  const token = env.FUSION_API_TOKEN?.trim();
  if (token)
    return {
      kind: 'token',
      headers: { authorization: `Bearer ${token}` },
      source: 'FUSION_API_TOKEN',
    };
  return null;
}

/** One HTTP exchange as evidence. `error` is set when no reply came (refused, timed out). */
export interface Reply {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** The server's clock (its Date header), else this machine's when the reply arrived. */
  at: Date;
  error?: string;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the credential (default true; public endpoints are checked without it). */
  auth?: boolean;
}

export class DeploymentApi {
  constructor(
    readonly baseUrl: string,
    private readonly credential: Credential | null,
    private readonly timeoutMs = 15_000,
  ) {}

  async request(path: string, options: RequestOptions = {}): Promise<Reply> {
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(options.auth === false ? {} : this.credential?.headers),
      ...options.headers,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    try {
      const response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the text is the evidence
      }
      const date = response.headers.get('date');
      return {
        method,
        path,
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: parsed,
        at: date ? new Date(date) : new Date(),
      };
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      return {
        method,
        path,
        status: 0,
        headers: {},
        body: null,
        at: new Date(),
        error: cause?.message ?? (error as Error).message,
      };
    }
  }
}

/** "403 auth: the API token lacks the score scope", or why no reply came. */
export function describeFailure(reply: Reply): string {
  if (reply.error) return `${reply.method} ${reply.path}: no reply (${reply.error})`;
  const body = reply.body as { _err?: unknown; message?: unknown } | null;
  if (body && typeof body === 'object' && typeof body._err === 'string')
    return `${reply.method} ${reply.path}: ${reply.status} ${body._err}: ${String(body.message ?? '')}`;
  const text = typeof reply.body === 'string' ? reply.body.slice(0, 120) : '';
  return `${reply.method} ${reply.path}: ${reply.status}${text ? ` ${text}` : ''}`;
}
