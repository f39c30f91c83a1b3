package app.utter.storage;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Reports at /actuator/health whether audio can be written. */
@Component("storage")
class StorageHealthIndicator extends AbstractHealthIndicator {

    private final BlobStore store;

    StorageHealthIndicator(BlobStore store) {
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        store.checkWritable();
        builder.up().withDetail("kind", store.getClass().getSimpleName());
    }
}
