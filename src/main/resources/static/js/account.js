import { request, sendJson, formatDate, formatDateTime, copyText, confirmDeletion, ApiError } from './api.js';

const $ = id => document.getElementById(id);
const passwordFields = ['current-password', 'new-password', 'confirm-password'];

function say(message, kind) {
  $('status').textContent = message;
  $('status').className = `banner ${kind}`;
}

function showError(id, message) {
  $(`${id}-error`).textContent = message;
  $(id).setAttribute('aria-invalid', String(Boolean(message)));
}

async function loadAccount() {
  try {
    const account = await request('/api/v1/account');
    const role = account.role === 'admin' ? 'Administrator' : 'Member';
    $('account-summary').textContent = `${role} · member since ${formatDate(account.created_at)}`;
    const { limits, usage } = account;
    $('usage-voices').textContent = usedOf(usage.voices, limits.voices);
    $('usage-characters').textContent = usedOf(usage.characters_last_24h, limits.characters_per_day);
    $('usage-jobs').textContent = usedOf(usage.active_jobs, limits.concurrent_jobs);
  } catch (error) {
    say(error.message, 'error');
  }
}

const usedOf = (used, limit) => `${used.toLocaleString()} / ${limit.toLocaleString()}`;

$('password-form').addEventListener('submit', async e => {
  e.preventDefault();
  passwordFields.forEach(f => showError(f, ''));
  $('password-form-error').textContent = '';
  if ($('new-password').value !== $('confirm-password').value) {
    showError('confirm-password', 'The two new passwords differ. Type the same password twice.');
    $('confirm-password').focus();
    return;
  }
  $('change-password').disabled = true;
  try {
    await sendJson('/api/v1/account/password', 'POST',
      { current_password: $('current-password').value, new_password: $('new-password').value });
    e.target.reset();
    say('Password changed.', 'ok');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // The API names fields current_password and new_password; the page's ids use hyphens.
    const known = Object.entries(error.fieldErrors).map(([field, message]) => [field.replace('_', '-'), message])
      .filter(([id]) => passwordFields.includes(id));
    known.forEach(([id, message]) => showError(id, message));
    if (known.length) $(known[0][0]).focus();
    else $('password-form-error').textContent = error.message;
  } finally {
    $('change-password').disabled = false;
  }
});

async function loadKeys() {
  try {
    const { items } = await request('/api/v1/account/api-keys');
    $('key-list').replaceChildren(...items.map(keyRow));
    showKeyCount();
  } catch (error) {
    say(error.message, 'error');
  }
}

function showKeyCount() {
  const none = $('key-list').children.length === 0;
  $('no-keys').hidden = !none;
  $('key-table').hidden = none;
}

function keyRow(key) {
  const row = $('key-row-template').content.firstElementChild.cloneNode(true);
  row.dataset.keyId = key.id;
  row.querySelector('.key-name').textContent = key.name;
  row.querySelector('.key-prefix').textContent = `${key.prefix}…`;
  row.querySelector('.key-created').textContent = formatDate(key.created_at);
  row.querySelector('.key-used').textContent = key.last_used_at ? formatDateTime(key.last_used_at) : 'never';
  const revoke = row.querySelector('[data-action="revoke"]');
  revoke.setAttribute('aria-label', `Revoke ${key.name}`);
  revoke.addEventListener('click', () => revokeKey(row, key));
  return row;
}

$('key-form').addEventListener('submit', async e => {
  e.preventDefault();
  showError('key-name', '');
  $('create-key').disabled = true;
  try {
    const key = await sendJson('/api/v1/account/api-keys', 'POST', { name: $('key-name').value });
    $('new-key-value').textContent = key.key;
    $('new-key').hidden = false;
    $('key-list').prepend(keyRow(key));
    showKeyCount();
    e.target.reset();
    $('copy-key').focus();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    showError('key-name', error.fieldErrors.name ?? error.message);
    $('key-name').focus();
  } finally {
    $('create-key').disabled = false;
  }
});

$('copy-key').addEventListener('click', () => copyText($('new-key-value').textContent, $('copy-key'), $('new-key-value')));

async function revokeKey(row, key) {
  $('confirm-text').textContent = `Anything using “${key.name}” (${key.prefix}…) will stop working at once.`;
  if (!await confirmDeletion($('confirm'))) return;
  try {
    await request(`/api/v1/account/api-keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
    row.remove();
    showKeyCount();
    say(`Revoked “${key.name}”.`, 'ok');
  } catch (error) {
    say(error.message, 'error');
  }
}

$('curl-example').textContent = `curl -H "Authorization: Bearer <key>" ${location.origin}/api/v1/voices`;
$('openai-base-url').textContent = `${location.origin}/v1`;
loadAccount();
loadKeys();
