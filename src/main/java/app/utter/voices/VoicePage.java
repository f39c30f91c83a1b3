package app.utter.voices;

import java.util.List;

/** One page of voices, newest first, and how many there are in all. */
public record VoicePage(List<Voice> items, int page, int size, long total) {
}
