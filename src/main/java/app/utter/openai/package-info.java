/**
 * OpenAI-compatible speech: {@code POST /v1/audio/speech}, so that OpenAI SDKs and tools speak in Utter's cloned
 * voices. A request becomes an ordinary generation (it appears in the history); its audio streams back as chunks
 * become playable (pcm, wav) or once it is done (mp3, opus, aac, flac), raw or as OpenAI's speech events.
 */
package app.utter.openai;
