package dev.otalab.controller.lease;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Keeps a lease alive with heartbeats every third of its TTL for as long as its holder works in this process. */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    /** A kept lease; closing it stops the heartbeats and releases the lease. */
    public interface Kept extends AutoCloseable {
        Lease lease();

        @Override
        void close();
    }

    @Inject
    LeaseService leases;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts heartbeats for {@code lease}; {@code onLost} runs once if a heartbeat finds it gone
     * (released by someone else, or expired because this process stalled).
     */
    public Kept keep(Lease lease, Runnable onLost) {
        UUID id = UUID.fromString(lease.id());
        long periodMs = Math.max(1000, lease.ttlSeconds() * 1000L / 3);
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = timer.scheduleAtFixedRate(() -> {
            try {
                if (leases.heartbeat(id).isEmpty()) {
                    task[0].cancel(false);
                    onLost.run();
                }
            } catch (RuntimeException e) {
                // the database hiccuped: the next beat tries again well before the TTL runs out
                LOG.warnf("heartbeat of lease %s failed: %s", id, e.getMessage());
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return new Kept() {
            @Override
            public Lease lease() {
                return lease;
            }

            @Override
            public void close() {
                task[0].cancel(false);
                try {
                    leases.release(id);
                } catch (RuntimeException e) {
                    LOG.warnf("lease %s not released (%s): it expires and its board is power-cycled", id, e.getMessage());
                }
            }
        };
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
