package dev.otalab.emulator.ota;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one kit's OTA Agent, kept by the kit across boots (each boot runs a new agent).
 * Thread-safe.
 */
public final class OtaStats {

    final AtomicLong checks = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong jobsReceived = new AtomicLong();
    final AtomicLong noJob = new AtomicLong();
    final AtomicLong jobsRejected = new AtomicLong();
    final AtomicLong downloads = new AtomicLong();
    final AtomicLong attemptsFailed = new AtomicLong();
    final AtomicLong updatesPending = new AtomicLong();
    final AtomicLong chunksWritten = new AtomicLong();
    final AtomicLong chunksDuplicate = new AtomicLong();
    final AtomicLong chunksRejected = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();

    public OtaCounters snapshot() {
        return new OtaCounters(checks.get(), connectFailures.get(), jobsReceived.get(), noJob.get(),
                jobsRejected.get(), downloads.get(), attemptsFailed.get(), updatesPending.get(), chunksWritten.get(),
                chunksDuplicate.get(), chunksRejected.get(), bytesWritten.get());
    }
}
