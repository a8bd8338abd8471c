// The page's calls to the dashboard API: JSON in and out, the CSRF token on every write, errors with their message.
export interface SessionInfo {
  user: { username: string; roles: string[]; capabilities: string[] } | null;
  auth: string;
  csrfToken: string;
}

let csrfToken = '';
let capabilities: string[] = [];

/** Whether the signed-in person may do this (the server checks again: this only decides which buttons to show). */
export const can = (capability: string) => capabilities.includes(capability);

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly parameter?: string) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { message?: string; parameter?: string };
  if (!res.ok) throw new ApiError(res.status, json.message ?? `HTTP ${res.status}`, json.parameter);
  return json as T;
}

export async function getSession(): Promise<SessionInfo> {
  const s = await call<SessionInfo>('GET', '/api/session');
  csrfToken = s.csrfToken;
  capabilities = s.user?.capabilities ?? [];
  return s;
}

export const api = {
  get: <T>(url: string) => call<T>('GET', url),
  post: <T>(url: string, body: unknown) => call<T>('POST', url, body),
  del: <T>(url: string) => call<T>('DELETE', url),
};
