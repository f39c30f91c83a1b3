import { request, sendJson, ApiError, formatDateTime } from './api.js';
import { voiceChoices, voiceSelect } from './script-voices.js';

const $ = id => document.getElementById(id);
const choices = await voiceChoices();
$('no-voices').hidden = choices.length > 0;
$('find-speakers').addEventListener('click', findSpeakers);
$('text').addEventListener('input', () => { $('cast').hidden = true; $('create').hidden = true; });
$('new-script').addEventListener('submit', e => { e.preventDefault(); create(); });
await list();

function say(text, kind = 'ok') {
  $('message').className = `banner ${kind}`;
  $('message').textContent = text;
}

async function list() {
  const { items } = await request('/api/v1/scripts');
  $('no-scripts').hidden = items.length > 0;
  $('scripts').replaceChildren(...items.map(script => {
    const item = document.createElement('li');
    item.className = 'voice';
    const link = Object.assign(document.createElement('a'), { href: `/scripts/${script.id}`, textContent: script.title });
    const heading = document.createElement('h3');
    heading.append(link);
    const meta = Object.assign(document.createElement('p'), { className: 'meta',
      textContent: `${script.characters.toLocaleString('en')} characters · changed ${formatDateTime(script.updated_at)}` });
    item.append(heading, meta);
    return item;
  }));
}

async function findSpeakers() {
  $('text-error').textContent = '';
  const found = await sendJson('/api/v1/scripts/labels', 'POST', { text: $('text').value });
  if (!found.segments) {
    $('text-error').textContent = 'Write or paste the script first.';
    return;
  }
  $('cast-summary').textContent = `${found.segments} segments, ${found.characters.toLocaleString('en')} characters`
    + (found.chapters ? `, ${found.chapters} chapters` : '') + '. Headings are read by the first speaker.';
  $('cast-choices').replaceChildren(...found.speakers.map(label => {
    const field = document.createElement('label');
    field.append(label, voiceSelect(choices, null, `Voice for ${label}`));
    field.dataset.speaker = label;
    return field;
  }));
  $('cast').hidden = false;
  $('create').hidden = false;
}

async function create() {
  for (const field of ['title', 'text', 'speakers']) $(`${field}-error`).textContent = '';
  const speakers = Object.fromEntries([...$('cast-choices').querySelectorAll('label')]
    .map(label => [label.dataset.speaker, label.querySelector('select').value || null]));
  try {
    const script = await sendJson('/api/v1/scripts', 'POST', { title: $('title').value, text: $('text').value, speakers });
    location.assign(`/scripts/${script.id}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const fields = Object.entries(error.fieldErrors);
    for (const [field, message] of fields) {
      const key = field.startsWith('speakers') ? 'speakers' : field.startsWith('text') ? 'text' : field;
      if ($(`${key}-error`)) $(`${key}-error`).textContent = message;
      else say(message, 'error');
    }
    if (!fields.length) say(error.message, 'error');
  }
}
