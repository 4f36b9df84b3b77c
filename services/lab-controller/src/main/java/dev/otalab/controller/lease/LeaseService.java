package dev.otalab.controller.lease;

import dev.otalab.controller.pool.BoardRepository;
import dev.otalab.controller.pool.BoardSelector;
import dev.otalab.controller.pool.PoolBoard;
import dev.otalab.controller.pool.PoolSettings;
import dev.otalab.controller.pool.Tx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Leases on pool boards in {@code lab.leases}. Taking one locks the candidate board rows with
 * {@code FOR UPDATE SKIP LOCKED} and the table holds at most one lease per board, so two
 * controllers never hand out the same board.
 */
@ApplicationScoped
public class LeaseService {

    /** No board matching the selector is free; the message says why for each matching board. */
    public static class NoBoardFree extends RuntimeException {
        NoBoardFree(String message) {
            super(message);
        }
    }

    private static final String LEASE = "SELECT l.id, l.board_id, b.url, l.holder, l.run_id, l.ttl_seconds, l.created_at,"
            + " l.expires_at FROM lab.leases l JOIN lab.boards b ON b.id = l.board_id ";

    @Inject
    Tx tx;
    @Inject
    PoolSettings settings;
    @Inject
    BoardRepository boards;

    /**
     * Takes the first free GOOD board (by id) matching {@code selector}.
     *
     * @throws NoBoardFree when none is free
     */
    public Lease acquire(BoardSelector selector, String holder, UUID runId, int ttlSeconds) {
        for (int attempt = 0; ; attempt++) {
            try {
                Optional<Lease> l = tx.run(c -> tryAcquire(c, selector, holder, runId, ttlSeconds));
                if (l.isPresent()) {
                    return l.get();
                }
                throw new NoBoardFree(whyNone(selector));
            } catch (Tx.PoolDbException e) {
                // another controller leased the board between our check and insert: look again
                if (!Tx.isUniqueViolation(e) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private Optional<Lease> tryAcquire(Connection c, BoardSelector s, String holder, UUID runId, int ttl)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(settings.missedHeartbeats());
        args.add(settings.badAfterInfraErrors());
        String sql = "SELECT b.id FROM lab.boards b LEFT JOIN lab.agents a ON a.id = b.agent_id WHERE"
                + BoardRepository.goodSql() + BoardRepository.where(c, s, args)
                + " AND NOT EXISTS (SELECT 1 FROM lab.leases l WHERE l.board_id = b.id)"
                + " ORDER BY b.id LIMIT 1 FOR UPDATE OF b SKIP LOCKED";
        String board;
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                st.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                board = rs.getString(1);
            }
        }
        UUID id = UUID.randomUUID();
        try (PreparedStatement st = c.prepareStatement("INSERT INTO lab.leases (id, board_id, holder, run_id, ttl_seconds,"
                + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, now(), now() + ? * interval '1 second')")) {
            st.setObject(1, id);
            st.setString(2, board);
            st.setString(3, holder);
            st.setObject(4, runId);
            st.setInt(5, ttl);
            st.setInt(6, ttl);
            st.executeUpdate();
        }
        return find(c, id);
    }

    private String whyNone(BoardSelector s) {
        List<PoolBoard> matching = boards.matching(s);
        if (matching.isEmpty()) {
            return "no board in the pool matches " + s;
        }
        return "no free GOOD board matches " + s + ": " + matching.stream().map(b -> b.id() + " "
                + (b.lease() != null ? "leased by " + b.lease().holder() + " until " + b.lease().expiresAt()
                        : b.health() + (b.healthDetail() != null ? " (" + b.healthDetail() + ")" : "")))
                .collect(Collectors.joining("; "));
    }

    /** Renews a lease for its TTL from now; empty when it does not exist or already expired. */
    public Optional<Lease> heartbeat(UUID id) {
        return tx.run(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE lab.leases SET expires_at = now() + ttl_seconds"
                    + " * interval '1 second' WHERE id = ? AND expires_at > now()")) {
                st.setObject(1, id);
                if (st.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return find(c, id);
        });
    }

    /** Releases a lease (no power cycle: the holder gave the board back); false when it does not exist. */
    public boolean release(UUID id) {
        return tx.run(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM lab.leases WHERE id = ?")) {
                st.setObject(1, id);
                return st.executeUpdate() == 1;
            }
        });
    }

    public List<Lease> list() {
        return tx.run(c -> query(c, LEASE + "ORDER BY l.created_at, l.id"));
    }

    public Optional<Lease> find(UUID id) {
        return tx.run(c -> find(c, id));
    }

    private static Optional<Lease> find(Connection c, UUID id) throws SQLException {
        return query(c, LEASE + "WHERE l.id = ?", id).stream().findFirst();
    }

    /**
     * Releases one expired lease: locks it (another controller skips it), lets {@code powerCycle}
     * reset the board while the lease still keeps others away, then deletes it. Empty when none expired.
     */
    public Optional<Lease> reapOne(java.util.function.Consumer<Lease> powerCycle) {
        return tx.run(c -> {
            Optional<Lease> l = query(c, LEASE + "WHERE l.expires_at <= now() ORDER BY l.expires_at LIMIT 1"
                    + " FOR UPDATE OF l SKIP LOCKED").stream().findFirst();
            if (l.isEmpty()) {
                return l;
            }
            powerCycle.accept(l.get());
            try (PreparedStatement st = c.prepareStatement("DELETE FROM lab.leases WHERE id = ?")) {
                st.setObject(1, UUID.fromString(l.get().id()));
                st.executeUpdate();
            }
            return l;
        });
    }

    private static List<Lease> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            List<Lease> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Lease(rs.getString("id"), rs.getString("board_id"), rs.getString("url"),
                            rs.getString("holder"), rs.getString("run_id"), rs.getInt("ttl_seconds"),
                            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant()));
                }
            }
            return out;
        }
    }
}
