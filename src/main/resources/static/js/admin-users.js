import { request, sendJson, formatDate, formatDateTime, copyText } from './api.js';

const $ = id => document.getElementById(id);

function say(message, kind) {
  $('status').textContent = message;
  $('status').className = `banner ${kind}`;
}

async function load() {
  try {
    // The signed-in admin's own row gets no toggle: nobody should lock themselves out.
    const [me, users] = await Promise.all([request('/api/v1/account'), request('/api/v1/admin/users')]);
    $('user-list').replaceChildren(...users.items.map(user => userRow(user, user.id === me.id)));
  } catch (error) {
    say(error.message, 'error');
  }
}

function userRow(user, isMe) {
  const row = $('user-row-template').content.firstElementChild.cloneNode(true);
  row.dataset.userId = user.id;
  fill(row, user, isMe);
  row.querySelector('[data-action="toggle"]').addEventListener('click', () => toggle(row));
  return row;
}

function fill(row, user, isMe) {
  row.user = user;
  row.classList.toggle('disabled', !user.enabled);
  row.querySelector('.user-name').textContent = isMe ? `${user.username} (you)` : user.username;
  row.querySelector('.user-role').textContent = user.role === 'admin' ? 'Administrator' : 'Member';
  row.querySelector('.user-status').textContent = user.enabled ? 'Active' : 'Disabled';
  row.querySelector('.user-created').textContent = formatDate(user.created_at);
  row.querySelector('.user-login').textContent = user.last_login_at ? formatDateTime(user.last_login_at) : 'never';
  const button = row.querySelector('[data-action="toggle"]');
  button.hidden = isMe;
  button.textContent = user.enabled ? 'Disable' : 'Enable';
  button.className = user.enabled ? 'danger' : '';
  button.setAttribute('aria-label', `${button.textContent} ${user.username}`);
}

async function toggle(row) {
  const button = row.querySelector('[data-action="toggle"]');
  button.disabled = true;
  try {
    const user = await sendJson(`/api/v1/admin/users/${encodeURIComponent(row.user.id)}`, 'PATCH', { enabled: !row.user.enabled });
    fill(row, user, false);
    say(`${user.username} is now ${user.enabled ? 'able' : 'unable'} to sign in.`, 'ok');
  } catch (error) {
    say(error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

$('invite').addEventListener('click', async () => {
  $('invite').disabled = true;
  try {
    const invitation = await request('/api/v1/admin/invitations', { method: 'POST' });
    $('invite-url').textContent = invitation.url;
    $('invite-expiry').textContent = `Expires ${formatDateTime(invitation.expires_at)}.`;
    $('invite-box').hidden = false;
    $('copy-invite').focus();
  } catch (error) {
    say(error.message, 'error');
  } finally {
    $('invite').disabled = false;
  }
});

$('copy-invite').addEventListener('click', () => copyText($('invite-url').textContent, $('copy-invite'), $('invite-url')));

load();
