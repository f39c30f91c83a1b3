package app.utter.generation;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many worker requests all jobs of this instance have in flight at once, a limit that can change while jobs
 * wait. A text's first part goes before any waiting later part: someone is waiting to hear it.
 */
final class RequestLimit {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition firstPartsMayGo = lock.newCondition();
    private final Condition laterPartsMayGo = lock.newCondition();
    private int limit;
    private int inFlight;
    private int firstPartsWaiting;

    RequestLimit(int limit) {
        this.limit = limit;
    }

    void resize(int limit) {
        lock.lock();
        try {
            this.limit = limit;
            wakeNext();
            laterPartsMayGo.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void acquire(boolean firstPart) throws InterruptedException {
        lock.lock();
        try {
            if (firstPart) {
                firstPartsWaiting++;
                try {
                    while (inFlight >= limit) {
                        firstPartsMayGo.await();
                    }
                } finally {
                    firstPartsWaiting--;
                }
            } else {
                while (inFlight >= limit || firstPartsWaiting > 0) {
                    laterPartsMayGo.await();
                }
            }
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            inFlight--;
            wakeNext();
        } finally {
            lock.unlock();
        }
    }

    private void wakeNext() {
        if (firstPartsWaiting > 0) {
            firstPartsMayGo.signal();
        } else {
            laterPartsMayGo.signal();
        }
    }
}
