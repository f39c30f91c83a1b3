package app.utter.tts;

/**
 * Where the worker is when the configuration names none: a worker set up on the admin's Speech page, such as one
 * this app runs itself. The TTS engine asks before every call, so the answer may change while the app runs.
 */
public interface WorkerAddressSource {

    Availability availability();

    /** The worker's state as its source knows it. */
    sealed interface Availability {
    }

    /** A worker answers there. */
    record Ready(WorkerAddress address) implements Availability {
    }

    /** A worker is on its way (being installed, downloading its model, starting): jobs wait for it. */
    record Preparing(String detail) implements Availability {
    }

    /** No worker, and none on its way; {@code detail} says what an admin can do. */
    record Unavailable(String detail) implements Availability {
    }
}
