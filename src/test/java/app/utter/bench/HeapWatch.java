package app.utter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/** Heap after garbage collections while it is on, and after one full collection in the middle of a load. */
final class HeapWatch {
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong midLoad = new AtomicLong();
    private volatile boolean on;

    HeapWatch() {
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> ((NotificationEmitter) gc)
                .addNotificationListener((notification, handback) -> {
                    if (on && notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        long used = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                                .getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                .filter(pool -> heapPools.contains(pool.getKey()))
                                .mapToLong(pool -> pool.getValue().getUsed()).sum();
                        maxAfterGc.accumulateAndGet(used, Math::max);
                    }
                }, null, null));
    }

    /** Watches from now on, forgetting what an earlier watch saw. */
    void start() {
        maxAfterGc.set(0);
        on = true;
    }

    void stop() {
        on = false;
    }

    void fullGcAfterFourSeconds() {
        try {
            Thread.sleep(Duration.ofSeconds(4));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.gc();
        midLoad.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    long maxAfterGcBytes() {
        return maxAfterGc.get();
    }

    long midLoadBytes() {
        return midLoad.get();
    }
}
