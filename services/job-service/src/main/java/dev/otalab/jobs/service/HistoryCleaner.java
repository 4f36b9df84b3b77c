package dev.otalab.jobs.service;

import dev.otalab.jobs.config.JobsConfig;
import dev.otalab.jobs.repository.SessionRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Deletes history older than {@code otalab.jobs.history-retention} every
 * {@code otalab.jobs.cleanup-interval}: a CE device checks every few seconds, so reports would
 * otherwise grow without bound. Device rows (last state) are kept. Each replica runs it; the
 * deletes are idempotent.
 */
@ApplicationScoped
public class HistoryCleaner {

    private static final Logger LOG = Logger.getLogger(HistoryCleaner.class);

    private final Vertx vertx;
    private final SafeContexts contexts;
    private final SessionRepository sessions;
    private final JobsConfig config;
    private volatile long timer = -1;

    public HistoryCleaner(Vertx vertx, SafeContexts contexts, SessionRepository sessions, JobsConfig config) {
        this.vertx = vertx;
        this.contexts = contexts;
        this.sessions = sessions;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        long period = Math.max(1000, config.cleanupInterval().toMillis());
        timer = vertx.setPeriodic(period, period, id -> clean().subscribe().with(
                deleted -> { },
                failure -> LOG.warnf("history clean-up failed: %s", failure.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One clean-up run. */
    public Uni<SessionRepository.Deleted> clean() {
        return contexts.run(() -> sessions.deleteHistory(DeviceChecks.now().minus(config.historyRetention())))
                .invoke(d -> {
                    if (d.reports() + d.results() + d.sessions() > 0) {
                        LOG.infof("history clean-up: %d reports, %d results, %d sessions deleted", d.reports(),
                                d.results(), d.sessions());
                    }
                });
    }
}
