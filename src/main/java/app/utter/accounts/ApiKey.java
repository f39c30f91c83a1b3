package app.utter.accounts;

import java.time.Instant;

/** An API key as its owner sees it later: its name and first characters, never the key itself. */
record ApiKey(String id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
}
