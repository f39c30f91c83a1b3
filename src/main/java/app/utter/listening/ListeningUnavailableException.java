package app.utter.listening;

import org.springframework.http.HttpStatus;

import app.utter.web.ApiProblem;

/**
 * The worker cannot listen now: it does not transcribe, or cannot be reached. A request that needed it is answered
 * with 409 and the sentence saying why; work that only hoped for it goes on without.
 */
public class ListeningUnavailableException extends ApiProblem {

    ListeningUnavailableException(String sentence) {
        super(HttpStatus.CONFLICT, "listening-unavailable", "Listening not available", sentence);
    }

    /** Why, in a sentence a person can read. */
    public String sentence() {
        return getBody().getDetail();
    }
}
