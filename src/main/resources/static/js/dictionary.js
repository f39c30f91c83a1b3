import { request, sendJson, languages, fillLanguages, ApiError } from './api.js';

const $ = id => document.getElementById(id);
const languageList = (await languages()).filter(l => l.name !== 'Auto');
fillLanguages($('language'), [{ name: 'all', native_name: 'all' }, ...languageList], 'all');
$('language').options[0].text = 'Every language';
fillLanguages($('preview-language'), languageList, 'English');

$('rule-form').addEventListener('submit', e => { e.preventDefault(); add(); });
$('import-file').addEventListener('change', importFile);
$('preview-text').addEventListener('input', preview);
$('preview-language').addEventListener('change', preview);
await load();

function say(text, kind = 'ok') {
  $('message').className = `banner ${kind}`;
  $('message').textContent = text;
}

async function load() {
  const { items, limit } = await request('/api/v1/pronunciations');
  $('rule-count').textContent = `${items.length} / ${limit}`;
  $('no-rules').hidden = items.length > 0;
  $('rules').replaceChildren(...items.map(rule => {
    const row = document.createElement('tr');
    const matches = [rule.whole_word ? 'whole words' : 'anywhere', rule.case_sensitive ? 'this case' : 'any case'];
    for (const text of [rule.phrase, rule.alias, rule.language ?? 'Every language', matches.join(', ')]) {
      row.append(Object.assign(document.createElement('td'), { textContent: text }));
    }
    const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Delete' });
    remove.setAttribute('aria-label', `Delete the rule for ${rule.phrase}`);
    remove.addEventListener('click', async () => {
      await request(`/api/v1/pronunciations/${rule.id}`, { method: 'DELETE' });
      say(`The rule for “${rule.phrase}” is gone.`);
      await load();
      preview();
    });
    const cell = document.createElement('td');
    cell.append(remove);
    row.append(cell);
    return row;
  }));
}

async function add() {
  for (const field of ['phrase', 'alias', 'language']) $(`${field}-error`).textContent = '';
  try {
    const rule = await sendJson('/api/v1/pronunciations', 'POST', { phrase: $('phrase').value, alias: $('alias').value,
      language: $('language').value, whole_word: $('whole-word').checked, case_sensitive: $('case-sensitive').checked });
    say(`“${rule.phrase}” is said as “${rule.alias}” from now on.`);
    $('phrase').value = '';
    $('alias').value = '';
    await load();
    preview();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const fields = Object.entries(error.fieldErrors);
    fields.forEach(([field, message]) => { if ($(`${field}-error`)) $(`${field}-error`).textContent = message; });
    if (!fields.length) say(error.message, 'error');
  }
}

async function importFile() {
  const file = $('import-file').files[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file);
  $('skipped').replaceChildren();
  try {
    const done = await request('/api/v1/pronunciations/import', { method: 'POST', body: form });
    say(`${done.imported} rule${done.imported === 1 ? '' : 's'} imported from ${file.name}`
      + `${done.skipped.length ? `; ${done.skipped.length} left out (below)` : ''}.`);
    $('skipped').replaceChildren(...done.skipped.map(s => Object.assign(document.createElement('li'),
      { textContent: `Line ${s.line}, “${s.grapheme}”: ${s.reason}.` })));
    await load();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    say(error.message, 'error');
  } finally {
    $('import-file').value = '';
  }
}

async function preview() {
  const text = $('preview-text').value;
  if (!text.trim()) {
    $('preview').textContent = '';
    return;
  }
  const spoken = await sendJson('/api/v1/pronunciations/preview', 'POST', { text, language: $('preview-language').value })
    .catch(error => ({ text: error.message }));
  $('preview').textContent = spoken.text;
}
