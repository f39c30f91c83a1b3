// The voices a script's segments can be spoken in: the person's own, then the worker's preset speakers.
import { request } from './api.js';

export async function voiceChoices() {
  const [voices, speakers] = await Promise.all([request('/api/v1/voices?size=200'),
    request('/api/v1/speakers').catch(() => ({ items: [] }))]);
  return [
    ['Your voices', voices.items.map(v => ({ id: v.id, label: `${v.name} · ${v.language}` }))],
    ['Preset speakers', speakers.items.map(s => ({ id: s.id, label: s.label, instructions: s.instructions }))],
  ].filter(([, items]) => items.length);
}

/** Whether the voice {@code id} can be told how to speak (preset speakers of a model that takes instructions). */
export function takesInstructions(choices, id) {
  return choices.some(([, items]) => items.some(v => v.id === id && v.instructions));
}

/** A <select> of the voices, with {@code selected} chosen (or a first empty choice to make). */
export function voiceSelect(choices, selected, label) {
  const select = document.createElement('select');
  select.setAttribute('aria-label', label);
  if (!selected) select.append(new Option('Choose a voice', ''));
  for (const [name, items] of choices) {
    const group = document.createElement('optgroup');
    group.label = name;
    group.append(...items.map(v => new Option(v.label, v.id, false, v.id === selected)));
    select.append(group);
  }
  return select;
}
