package app.utter.design;

/**
 * What a person asks for when designing a voice, unchecked: the voice in words, a line for it to say (which becomes
 * the saved voice's transcript), its language, and how many candidates to hear (1 to 3, 3 when left out).
 */
record NewDesign(String description, String text, String language, Integer candidates) {
}
