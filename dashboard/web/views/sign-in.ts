// The sign-in form (local sign-in); in AWS the load balancer signs people in before the page loads.
import { api, ApiError, getSession, type SessionInfo } from '../api';
import { h } from '../dom';

export function renderSignIn(root: HTMLElement, session: SessionInfo, onSignedIn: () => void): void {
  if (session.auth !== 'local') {
    root.replaceChildren(h('p', {}, 'You are not signed in, or your roles allow nothing here. Sign in through your company login.'));
    return;
  }
  const error = h('p', { class: 'error', id: 'signin-error' });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'signin', id: 'signin' },
    h('h1', {}, 'Sign in'),
    h('label', {}, 'Username', username),
    h('label', {}, 'Password', password),
    h('button', { class: 'primary', type: 'submit' }, 'Sign in'),
    error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    api.post('/api/session', { username: username.value, password: password.value })
      .then(() => getSession())
      .then(onSignedIn)
      .catch((err: unknown) => {
        error.textContent = err instanceof ApiError ? err.message : 'sign-in failed';
      });
  });
  root.replaceChildren(form);
}
