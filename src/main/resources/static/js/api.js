// Talks to Utter's REST API; failures arrive as RFC 9457 problem details and are thrown as ApiError.

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
    this.fieldErrors = Object.fromEntries((problem.errors || []).map(e => [e.field, e.message]));
  }
}

export async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, ...options });
  } catch {
    throw new ApiError({ detail: 'Utter cannot be reached. Check your connection and try again.' }, 0);
  }
  if (response.status === 204) return null;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(body, response.status);
  return body;
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
