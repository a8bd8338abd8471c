// A write from the page: a button that asks the API to start a workflow (merge, unmerge, review decision, opt-out),
// shows that it runs, and then what came of it. One key per button, so a double click starts one workflow.
import { api, ApiError } from './api';
import { h } from './dom';

export interface WriteAnswer { workflowId: string; status: 'completed' | 'running'; actor: string; result?: unknown }

const newKey = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`);

/** A button that posts `body()` (with a request key) to `url`; `done` runs after an answer (to reload the view). */
export function writeButton(label: string, attrs: Record<string, string>, url: string, body: () => Record<string, unknown> | null, status: HTMLElement, done: (a: WriteAnswer) => void | Promise<void>): HTMLButtonElement {
  const requestId = newKey();
  const button = h('button', { ...attrs, type: 'button' }, label);
  button.addEventListener('click', () => {
    const payload = body();
    if (!payload) return;
    button.disabled = true;
    status.className = 'muted';
    status.textContent = `${label}: started…`;
    api.post<WriteAnswer>(url, { ...payload, requestId }).then(async (a) => {
      status.className = a.status === 'completed' ? 'ok-text' : 'muted';
      status.textContent = a.status === 'completed' ? `${label}: done as ${a.actor} (${a.workflowId})` : `${label}: still running as ${a.workflowId}; reload later`;
      await done(a);
    }, (err: unknown) => {
      button.disabled = false;
      status.className = 'error';
      status.textContent = err instanceof ApiError ? `${label} refused: ${err.message}` : `${label} failed: ${(err as Error).message}`;
    });
  });
  return button;
}
