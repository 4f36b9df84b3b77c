package dev.otalab.controller.health;

import dev.otalab.controller.pool.BoardRepository;
import dev.otalab.controller.pool.PoolBoard;
import dev.otalab.labapi.dto.BoardHealth;
import dev.otalab.labapi.dto.BoardInfo;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

/**
 * Every {@code otalab.controller.pool.health-check-every} each pool board is asked for its info
 * ({@code GET /boards/{id}}, the lab-api info call). No answer, an error, or the board calling itself
 * BAD makes it BAD (out of scheduling) until a later check passes. MAINTENANCE boards are checked
 * too, so their state is known when they come back.
 */
@ApplicationScoped
public class HealthCheck {

    private static final Logger LOG = Logger.getLogger(HealthCheck.class);

    @Inject
    BoardRepository boards;
    @Inject
    HousekeepingClients clients;

    @Scheduled(identity = "board-health", every = "${otalab.controller.pool.health-check-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkAll() {
        for (PoolBoard b : boards.list()) {
            check(b);
        }
    }

    /** Checks one board and records the result. */
    public void check(PoolBoard b) {
        try {
            BoardInfo info = clients.forUrl(b.url()).getBoard(b.id());
            boolean ok = info.health() != BoardHealth.BAD;
            boards.recordCheck(b.id(), ok, ok ? null : "the board reports BAD: " + info.healthDetail(),
                    info.kit(), info.flashmap(), info.capabilities());
        } catch (WebApplicationException e) {
            fail(b, "health check: " + b.url() + " answered " + e.getResponse().getStatus());
        } catch (RuntimeException e) {
            fail(b, "health check: " + b.url() + " unreachable: " + root(e));
        }
    }

    private void fail(PoolBoard b, String detail) {
        if (!"BAD".equals(b.health())) {
            LOG.warnf("board %s: %s", b.id(), detail);
        }
        boards.recordCheck(b.id(), false, detail, null, null, null);
    }

    static String root(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    }
}
