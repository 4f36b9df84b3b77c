package dev.otalab.controller.lease;

import dev.otalab.controller.health.HousekeepingClients;
import dev.otalab.controller.pool.BoardRepository;
import dev.otalab.labapi.dto.PowerAction;
import dev.otalab.labapi.dto.PowerRequest;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Releases expired leases every {@code otalab.controller.pool.lease-reaper-every} and power-cycles
 * their boards, so the next holder finds a freshly booted board whatever the last one left running.
 * A failed power cycle counts as a failed health check (BAD until a check passes).
 */
@ApplicationScoped
public class LeaseReaper {

    private static final Logger LOG = Logger.getLogger(LeaseReaper.class);
    /** How long the supply stays off in the power cycle after an expired lease. */
    static final long OFF_MS = 500;

    @Inject
    LeaseService leases;
    @Inject
    BoardRepository boards;
    @Inject
    HousekeepingClients clients;

    @Scheduled(identity = "lease-reaper", every = "${otalab.controller.pool.lease-reaper-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        Optional<Lease> l;
        do {
            l = leases.reapOne(this::powerCycle);
        } while (l.isPresent());
    }

    private void powerCycle(Lease l) {
        LOG.infof("lease %s of %s on board %s expired: released, power-cycling the board", l.id(), l.holder(), l.board());
        try {
            clients.forUrl(l.boardUrl()).power(l.board(), new PowerRequest(PowerAction.CYCLE, OFF_MS));
        } catch (RuntimeException e) {
            String detail = "power cycle after the expired lease of " + l.holder() + " failed: " + e.getMessage();
            LOG.warnf("board %s: %s", l.board(), detail);
            boards.recordCheck(l.board(), false, detail, null, null, null);
        }
    }
}
