package app.utter.openai;

import tools.jackson.databind.JsonNode;

/**
 * The body of OpenAI's create-speech request, unchecked.
 *
 * @param model           accepted and ignored (it may be left out): the TTS worker's model speaks
 * @param input           the text, 1 to 10,000 characters
 * @param voice           a voice id or name as a string, or {@code {"id": "..."}} as OpenAI's custom voices are sent;
 *                        or a preset speaker's name
 * @param responseFormat  mp3 (default), opus, aac, flac, wav or pcm (raw s16le, 24 kHz mono)
 * @param speed           0.25 to 4.0, 1.0 by default
 * @param streamFormat    audio (default): the audio bytes; sse: OpenAI's speech events
 * @param instructions    how a preset speaker speaks ("whispering", "excited"); cloned voices take none, so they
 *                        refuse it unless it is blank
 */
record SpeechRequest(String model, String input, JsonNode voice, String responseFormat, Double speed,
        String streamFormat, String instructions) {
}
