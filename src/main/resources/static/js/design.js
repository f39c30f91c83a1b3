import { request, sendJson, languages, fillLanguages, counterText, ApiError } from './api.js';

const $ = id => document.getElementById(id);
let limits = { max_description_chars: 500, min_text_chars: 20, max_text_chars: 300 };
let design = null; // the design whose takes are shown

const abilities = await request('/api/v1/design');
limits = abilities;
fillLanguages($('language'), await languages(), 'English');
if (!abilities.available) {
  $('design-off').hidden = false;
  $('design-off').textContent = abilities.note;
  $('design-form').querySelectorAll('textarea, select, button').forEach(control => { control.disabled = true; });
}

for (const [field, max] of [['description', limits.max_description_chars], ['text', limits.max_text_chars]]) {
  const count = () => {
    $(`${field}-counter`).textContent = counterText($(field).value.length, max);
    $(`${field}-counter`).classList.toggle('over', $(field).value.length > max);
    describeCost();
  };
  $(field).addEventListener('input', count);
  count();
}
$('candidates').addEventListener('change', describeCost);
$('design-form').addEventListener('submit', e => { e.preventDefault(); makeDesign(); });
$('save-form').addEventListener('submit', e => { e.preventDefault(); keep(); });

/** Each take speaks the line once, so the line's characters count once per take. */
function describeCost() {
  const characters = $('text').value.trim().length * Number($('candidates').value);
  $('cost').textContent = characters ? `Counts ${characters.toLocaleString('en')} characters against your daily limit.` : '';
}

function showError(field, message) {
  const error = $(`${field}-error`);
  if (error) error.textContent = message;
  $(field)?.setAttribute('aria-invalid', String(Boolean(message)));
}

function showProblem(error, fields) {
  if (!(error instanceof ApiError)) throw error;
  const known = Object.entries(error.fieldErrors).filter(([field]) => fields.includes(field));
  known.forEach(([field, message]) => showError(field, message));
  if (!known.length) $('form-error').textContent = error.message;
}

async function makeDesign() {
  const fields = ['description', 'text', 'language', 'candidates'];
  fields.forEach(field => showError(field, ''));
  $('form-error').textContent = '';
  $('design').disabled = true;
  $('design').textContent = 'Designing…';
  try {
    showTakes(await sendJson('/api/v1/designs', 'POST', { description: $('description').value,
      text: $('text').value, language: $('language').value, candidates: Number($('candidates').value) }));
  } catch (error) {
    showProblem(error, fields);
  } finally {
    $('design').disabled = false;
    $('design').textContent = 'Design';
  }
}

/** One player per take, side by side, each with its choice; the first is chosen until another is. */
function showTakes(made) {
  design = made;
  $('candidates-section').hidden = false;
  $('saved').hidden = true;
  $('candidate-list').replaceChildren(...made.candidates.map(candidate => {
    const take = document.createElement('label');
    take.className = 'candidate';
    const choice = Object.assign(document.createElement('input'), { type: 'radio', name: 'candidate',
      value: String(candidate.index), checked: candidate.index === 0 });
    const audio = Object.assign(document.createElement('audio'), { controls: true, preload: 'metadata',
      src: candidate.audio });
    audio.setAttribute('aria-label', `Take ${candidate.index + 1}`);
    take.append(choice, ` Take ${candidate.index + 1}`, audio);
    return take;
  }));
  $('candidate-list').querySelector('audio')?.focus();
}

async function keep() {
  showError('name', '');
  $('candidate-error').textContent = '';
  const chosen = document.querySelector('input[name="candidate"]:checked');
  try {
    const voice = await sendJson(`/api/v1/designs/${encodeURIComponent(design.id)}/voice`, 'POST',
      { candidate: chosen ? Number(chosen.value) : null, name: $('name').value });
    $('saved').hidden = false;
    $('saved').replaceChildren(`“${voice.name}” is one of your voices now. `,
      Object.assign(document.createElement('a'), { href: `/generate?voice=${encodeURIComponent(voice.id)}`,
        textContent: 'Generate speech with it' }));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const errors = error.fieldErrors;
    showError('name', errors.name ?? '');
    $('candidate-error').textContent = errors.candidate ?? (errors.name ? '' : error.message);
  }
}
