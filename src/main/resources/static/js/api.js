// Talks to Utter's REST API; failures arrive as RFC 9457 problem details and are thrown as ApiError.

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
    this.fieldErrors = Object.fromEntries((problem.errors || []).map(e => [e.field, e.message]));
  }
}

const safeMethods = ['GET', 'HEAD'];

/** The CSRF token Spring Security keeps in a cookie; state-changing requests echo it in a header. */
function csrfToken() {
  const cookie = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : null;
}

export async function request(url, options = {}) {
  const headers = new Headers(options.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const token = csrfToken();
  if (token && !safeMethods.includes((options.method || 'GET').toUpperCase())) headers.set('X-XSRF-TOKEN', token);
  let response;
  try {
    response = await fetch(url, { ...options, headers });
  } catch {
    throw new ApiError({ detail: 'Utter cannot be reached. Check your connection and try again.' }, 0);
  }
  // The session has ended: sign in again (the sign-in page itself handles its own 401s).
  if (response.status === 401 && location.pathname !== '/login') {
    location.assign('/login');
    throw new ApiError({ detail: 'Your session has ended. Sign in again.' }, 401);
  }
  if (response.status === 204) return null;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(body, response.status);
  return body;
}

/** Sends a JSON body with any method. */
export function sendJson(url, method, body) {
  return request(url, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export const languages = () => request('/api/v1/languages');

export function fillLanguages(select, list, selected) {
  select.replaceChildren(...list.map(l => {
    const option = new Option(l.name === l.native_name ? l.name : `${l.name} · ${l.native_name}`, l.name);
    option.selected = l.name === selected;
    return option;
  }));
}

export function formatSeconds(seconds) {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function counterText(length, max) {
  return `${length.toLocaleString('en')} / ${max.toLocaleString('en')}`;
}

/** Opens a confirmation <dialog> whose buttons carry values; resolves to whether the person chose "delete". */
export function confirmDeletion(dialog) {
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'delete'), { once: true });
  });
}

/** Whether a generation has ended: succeeded, failed or cancelled. */
export const finished = g => !['queued', 'running'].includes(g.status);

export const formatDate = iso => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

export const formatDateTime = iso => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Copies text to the clipboard; where that is not allowed, selects it on the page so the person can copy it. */
export async function copyText(text, button, shown) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    getSelection().selectAllChildren(shown);
    button.textContent = 'Press Ctrl+C';
  }
  setTimeout(() => { button.textContent = 'Copy'; }, 2000);
}

/** What the self-check found, as nodes: a "checked" badge and which parts were spoken again, or why none were heard. */
export function checkSummary(checks) {
  if (!checks) return [];
  if (!checks.checked) return [checks.note ?? ''];
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = 'checked';
  const redone = checks.redone.map(r => `part ${r.chunk + 1} spoken ${r.takes} times (${r.reasons[0]})`);
  const found = redone.length ? ` Listened to every part; ${redone.join('; ')}.`
    : ' Listened to every part: each sounded as written.';
  return [badge, found + (checks.note ? ` ${checks.note}` : '')];
}
