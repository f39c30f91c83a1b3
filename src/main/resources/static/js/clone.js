import { request, languages, fillLanguages, formatSeconds, counterText, ApiError } from './api.js';
import { Recorder } from './recorder.js';

const $ = id => document.getElementById(id);
const form = $('clone-form');
const fields = ['name', 'audio', 'transcript', 'language', 'consent'];
let clip = null;   // the File to upload: chosen, dropped or recorded
let recorder = null;
let heard = null;  // what the worker heard in the clip: { text, language }, or null
// Whether the worker transcribes; asked once, without holding up the form.
const listening = request('/api/v1/listening').catch(() => ({ transcription: false }));
listening.then(can => {
  if (!can.transcription) {
    $('transcript-hint').textContent = 'Type exactly what is said in the clip, word for word: Qwen3-TTS clones '
      + 'well only from the exact words.';
  }
});

$('transcript').addEventListener('input', () => {
  $('transcript-counter').textContent = counterText($('transcript').value.length, 2000);
});

// Upload or record: two tabs, one clip.
for (const tab of document.querySelectorAll('[role="tab"]')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('[role="tab"]')) {
      other.setAttribute('aria-selected', String(other === tab));
      $(other.getAttribute('aria-controls')).hidden = other !== tab;
    }
  });
}

const dropzone = $('dropzone');
$('audio-file').addEventListener('change', e => useClip(e.target.files[0]));
dropzone.addEventListener('dragover', e => { e.preventDefault(); dropzone.classList.add('over'); });
dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
dropzone.addEventListener('drop', e => {
  e.preventDefault();
  dropzone.classList.remove('over');
  if (e.dataTransfer.files.length) useClip(e.dataTransfer.files[0]);
});

$('record-toggle').addEventListener('click', async () => {
  const button = $('record-toggle');
  if (recorder) {
    const file = await recorder.stop();
    recorder = null;
    button.textContent = 'Record again';
    useClip(file);
    return;
  }
  recorder = new Recorder({
    onLevel: level => {
      $('level-meter').firstElementChild.style.width = `${level}%`;
      $('level-meter').setAttribute('aria-valuenow', level);
    },
    onTick: seconds => { $('record-timer').textContent = formatSeconds(seconds); },
  });
  try {
    await recorder.start();
    button.textContent = 'Stop recording';
    showError('audio', '');
  } catch {
    recorder = null;
    showError('audio', 'The microphone could not be opened. Allow microphone access, or upload a file instead.');
  }
});

function useClip(file) {
  if (!file) return;
  clip = file;
  $('mismatch').hidden = true;
  listen(file);
  showError('audio', file.size > 20 * 1024 * 1024 ? `This file is ${(file.size / 1048576).toFixed(1)} MB; the limit is 20 MB.` : '');
  const audio = $('clip-audio');
  audio.src = URL.createObjectURL(file);
  $('clip-preview').hidden = false;
  $('clip-info').textContent = `${file.name} · ${(file.size / 1024).toFixed(0)} KB`;
  audio.onloadedmetadata = () => {
    if (!Number.isFinite(audio.duration)) return;
    const advice = audio.duration < 3 ? ' · too short: at least 3 s'
      : audio.duration > 60 ? ' · too long: at most 60 s'
      : audio.duration < 10 || audio.duration > 30 ? ' · works best at 10 to 30 s' : '';
    $('clip-info').textContent = `${file.name} · ${formatSeconds(audio.duration)}${advice}`;
  };
}

/** Asks the worker what is said in the clip, and fills in the transcript and language unless they were typed. */
async function listen(file) {
  if (!(await listening).transcription) return;
  const typed = $('transcript').value.trim() && $('transcript').value !== heard?.text;
  heard = null;
  const data = new FormData();
  data.set('audio', file, file.name);
  $('heard-note').textContent = 'Listening to the clip…';
  try {
    const result = await request('/api/v1/transcriptions', { method: 'POST', body: data });
    if (clip !== file) return; // another clip was chosen meanwhile
    heard = { text: result.text, language: result.language };
    if (typed) {
      $('heard-note').textContent = 'Heard in the clip: “' + result.text + '”. Your transcript is kept; check it matches.';
      return;
    }
    $('transcript').value = result.text;
    $('transcript').dispatchEvent(new Event('input'));
    $('language').value = result.language;
    $('heard-note').textContent = `Transcript and language (${result.language}) were heard automatically. `
      + 'Check them against the clip and correct any word before saving.';
  } catch (error) {
    if (!(error instanceof ApiError) || clip !== file) return;
    $('heard-note').textContent = error.status === 409
      ? `Type exactly what is said in the clip. ${error.message}` : '';
    if (error.status === 422 || error.status === 413) showError('audio', error.message);
  }
}

function showError(field, message) {
  $(`${field}-error`).textContent = message;
  const input = field === 'audio' ? $('audio-file') : $(field);
  input.setAttribute('aria-invalid', String(Boolean(message)));
}

form.addEventListener('submit', e => { e.preventDefault(); save(false); });
$('save-anyway').addEventListener('click', () => save(true));
$('use-heard').addEventListener('click', () => {
  $('transcript').value = $('mismatch-heard').textContent;
  $('transcript').dispatchEvent(new Event('input'));
  if ($('use-heard').dataset.language) $('language').value = $('use-heard').dataset.language;
  heard = { text: $('transcript').value, language: $('language').value };
  $('mismatch').hidden = true;
  $('transcript').focus();
});

/** What the worker heard and how it differs from what was typed, for the person to choose. */
function showMismatch(problem) {
  $('mismatch-detail').textContent = problem.detail;
  $('mismatch-typed').textContent = `${problem.typed}${problem.language ? ` (${problem.language})` : ''}`;
  $('mismatch-heard').textContent = problem.heard;
  $('use-heard').dataset.language = problem.detected_language || '';
  $('mismatch').hidden = false;
  $('use-heard').focus();
}

async function save(confirmed) {
  fields.forEach(f => showError(f, ''));
  $('mismatch').hidden = true;
  $('form-error').textContent = '';
  const data = new FormData();
  data.set('name', $('name').value);
  data.set('transcript', $('transcript').value);
  data.set('language', $('language').value);
  data.set('consent', String($('consent').checked));
  data.set('transcript_source', heard && $('transcript').value === heard.text ? 'heard' : 'typed');
  if (confirmed) data.set('confirm_mismatch', 'true');
  if (clip) data.set('audio', clip, clip.name);

  $('submit').disabled = true;
  $('submit-status').textContent = 'Checking and saving the clip…';
  try {
    const voice = await request('/api/v1/voices', { method: 'POST', body: data });
    location.assign(`/voices?created=${encodeURIComponent(voice.id)}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const known = Object.entries(error.fieldErrors).filter(([field]) => fields.includes(field));
    known.forEach(([field, message]) => showError(field, message));
    if (error.problem.type?.endsWith('/transcript-mismatch')) {
      showMismatch(error.problem);
    } else if (error.problem.type?.endsWith('/voice-name-taken')) {
      showError('name', error.message);
      $('name').focus();
    } else if (known.length) {
      $(known[0][0] === 'audio' ? 'audio-file' : known[0][0]).focus();
    } else if (error.problem.type?.includes('/audio-') || error.status === 413) {
      showError('audio', error.message);
      $('audio-error').scrollIntoView({ block: 'center' });
    } else {
      $('form-error').textContent = error.message;
    }
  } finally {
    $('submit').disabled = false;
    $('submit-status').textContent = '';
  }
}

fillLanguages($('language'), await languages(), 'English');
