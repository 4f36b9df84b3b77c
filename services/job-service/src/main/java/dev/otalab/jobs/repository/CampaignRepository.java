package dev.otalab.jobs.repository;

import dev.otalab.jobs.model.Campaign;
import dev.otalab.jobs.model.CampaignState;
import dev.otalab.jobs.model.Execution;
import dev.otalab.jobs.model.ExecutionState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Campaigns and executions. Every lookup on the device path is by index (active campaign of a
 * board, open executions of a device, executions past their deadline); locks are taken in one
 * order, execution rows before the campaign row, and a transaction holding a campaign lock never
 * asks for an execution lock (README, "Concurrency").
 */
@ApplicationScoped
public class CampaignRepository {

    private static final List<CampaignState> ACTIVE = List.of(CampaignState.RUNNING, CampaignState.PAUSED);

    private final Mutiny.SessionFactory sessions;

    public CampaignRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The RUNNING or PAUSED campaign of {@code board}, or null (at most one: a partial unique index). */
    public Uni<Campaign> active(Mutiny.Session session, String board) {
        return session.createSelectionQuery("from Campaign c where c.board = :board and c.state in :active",
                        Campaign.class)
                .setParameter("board", board).setParameter("active", ACTIVE)
                .getResultList().map(l -> l.isEmpty() ? null : l.get(0));
    }

    public Uni<Campaign> find(Mutiny.Session session, UUID id) {
        return session.find(Campaign.class, id);
    }

    /** Re-reads the campaign and holds its row lock until the transaction ends. */
    public Uni<Campaign> lock(Mutiny.Session session, Campaign campaign) {
        return session.refresh(campaign, LockMode.PESSIMISTIC_WRITE).replaceWith(campaign);
    }

    public Uni<Campaign> findLocked(Mutiny.Session session, UUID id) {
        return session.find(Campaign.class, id, LockMode.PESSIMISTIC_WRITE);
    }

    public Uni<Campaign> byIdempotencyKey(Mutiny.Session session, String key) {
        return session.createSelectionQuery("from Campaign c where c.idempotencyKey = :key", Campaign.class)
                .setParameter("key", key).getResultList().map(l -> l.isEmpty() ? null : l.get(0));
    }

    /** Newest first. */
    public Uni<List<Campaign>> list(String board, int limit) {
        String hql = "from Campaign c" + (board == null ? "" : " where c.board = :board")
                + " order by c.createdAt desc, c.id";
        return sessions.withSession(session -> {
            Mutiny.SelectionQuery<Campaign> q = session.createSelectionQuery(hql, Campaign.class);
            if (board != null) {
                q.setParameter("board", board);
            }
            return q.setMaxResults(limit).getResultList();
        });
    }

    /** The device's executions that can still change, locked, oldest campaign first. */
    public Uni<List<Execution>> openLocked(Mutiny.Session session, String deviceKey) {
        return session.createSelectionQuery("from Execution e where e.deviceKey = :key and e.state in :open"
                        + " order by e.id", Execution.class)
                .setParameter("key", deviceKey).setParameter("open", ExecutionState.OPEN)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /** The execution's state only (no entity loaded: a later lock reads it fresh), or null. */
    public Uni<ExecutionState> state(Mutiny.Session session, UUID executionId) {
        return session.createSelectionQuery("select e.state from Execution e where e.id = :id", ExecutionState.class)
                .setParameter("id", executionId).getResultList().map(l -> l.isEmpty() ? null : l.get(0));
    }

    public Uni<Execution> findExecutionLocked(Mutiny.Session session, UUID id) {
        return session.find(Execution.class, id, LockMode.PESSIMISTIC_WRITE);
    }

    /** Executions per wave and state. */
    public record Count(int wave, ExecutionState state, long count) {
    }

    public Uni<List<Count>> counts(Mutiny.Session session, UUID campaignId) {
        return session.createSelectionQuery("select e.wave, e.state, count(e) from Execution e"
                        + " where e.campaignId = :c group by e.wave, e.state", Object[].class)
                .setParameter("c", campaignId).getResultList()
                .map(rows -> rows.stream()
                        .map(r -> new Count((Integer) r[0], (ExecutionState) r[1], (Long) r[2])).toList());
    }

    public Uni<List<Count>> counts(UUID campaignId) {
        return sessions.withSession(session -> counts(session, campaignId));
    }

    public Uni<List<Execution>> executions(UUID campaignId, ExecutionState state, int limit) {
        String hql = "from Execution e where e.campaignId = :c" + (state == null ? "" : " and e.state = :state")
                + " order by e.wave, e.deviceKey";
        return sessions.withSession(session -> {
            Mutiny.SelectionQuery<Execution> q = session.createSelectionQuery(hql, Execution.class)
                    .setParameter("c", campaignId);
            if (state != null) {
                q.setParameter("state", state);
            }
            return q.setMaxResults(limit).getResultList();
        });
    }

    /** Ends the executions of {@code campaignId} in {@code from} states as CANCELED; returns how many. */
    public Uni<Integer> cancel(UUID campaignId, EnumSet<ExecutionState> from, String reason, OffsetDateTime now) {
        return sessions.withTransaction(session -> session.createMutationQuery(
                        "update Execution e set e.state = :canceled, e.reason = :reason, e.finishedAt = :now,"
                                + " e.updatedAt = :now, e.deadline = null where e.campaignId = :c and e.state in :from")
                .setParameter("canceled", ExecutionState.CANCELED).setParameter("reason", reason)
                .setParameter("now", now).setParameter("c", campaignId).setParameter("from", from)
                .executeUpdate());
    }

    /** Ids of executions in flight whose deadline passed (index {@code execution_deadline_idx}). */
    public Uni<List<UUID>> overdue(OffsetDateTime now, int limit) {
        return sessions.withSession(session -> session
                .createSelectionQuery("select e.id from Execution e where e.deadline < :now and e.state in :flight"
                        + " order by e.deadline", UUID.class)
                .setParameter("now", now).setParameter("flight", ExecutionState.IN_FLIGHT)
                .setMaxResults(limit).getResultList());
    }

    /** Device keys of the board's devices that have checked in (target snapshot at start). */
    public Uni<List<String>> knownDevices(Mutiny.Session session, String board) {
        return session.createSelectionQuery("select d.key from Device d where d.board = :board order by d.key",
                        String.class)
                .setParameter("board", board).getResultList();
    }
}
