package dev.otalab.controller.pool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Boards of the pool in {@code lab.boards}. A board's health is derived, never stored, so that
 * every controller sees the same answer at the same moment:
 * MAINTENANCE (set by an operator) › UNKNOWN (its agent missed {@code missed-heartbeats}
 * heartbeats) › BAD (too many runs in a row ended in infrastructure errors, the last health check
 * failed, or the agent reports the board BAD) › UNKNOWN (not checked yet) › GOOD.
 */
@ApplicationScoped
public class BoardRepository {

    /** The SQL twin of {@link #health}: the board may be leased. Takes the missed-heartbeats and bad-after parameters. */
    private static final String GOOD = " NOT b.maintenance"
            + " AND (a.id IS NULL OR a.last_seen >= now() - a.heartbeat_seconds * ? * interval '1 second')"
            + " AND b.infra_failures < ? AND b.check_ok AND coalesce(b.reported_health, '') <> 'BAD' ";

    private static final String SELECT = "SELECT b.id, b.agent_id, b.url, b.kit, b.flashmap, b.capabilities,"
            + " b.maintenance, b.maintenance_note, b.reported_health, b.reported_detail, b.check_ok, b.check_detail,"
            + " b.infra_failures, b.infra_detail,"
            + " (a.id IS NOT NULL AND a.last_seen < now() - a.heartbeat_seconds * ? * interval '1 second') AS agent_lost,"
            + " a.last_seen, l.id AS lease_id, l.holder, l.run_id, l.expires_at"
            + " FROM lab.boards b LEFT JOIN lab.agents a ON a.id = b.agent_id LEFT JOIN lab.leases l ON l.board_id = b.id ";

    @Inject
    Tx tx;
    @Inject
    PoolSettings settings;

    public List<PoolBoard> list() {
        return tx.run(c -> query(c, SELECT + "ORDER BY b.id"));
    }

    public Optional<PoolBoard> find(String id) {
        return tx.run(c -> query(c, SELECT + "WHERE b.id = ?", id)).stream().findFirst();
    }

    /** Boards matching a selector whatever their health and leases (to say why none is free). */
    public List<PoolBoard> matching(BoardSelector s) {
        return tx.run(c -> {
            List<Object> args = new ArrayList<>();
            String where = where(c, s, args);
            return query(c, SELECT + "WHERE true" + where + " ORDER BY b.id", args.toArray());
        });
    }

    /** SQL condition (aliases {@code b} board, {@code a} agent) for a GOOD board; parameters: missed heartbeats, bad-after. */
    public static String goodSql() {
        return GOOD;
    }

    /** The selector's conditions (on alias {@code b}), each starting with AND; their arguments are appended to {@code args}. */
    public static String where(Connection c, BoardSelector s, List<Object> args) throws SQLException {
        StringBuilder w = new StringBuilder();
        if (!s.boards().isEmpty()) {
            w.append(" AND b.id = ANY(?)");
            args.add(c.createArrayOf("varchar", s.boards().toArray()));
        }
        if (s.kit() != null) {
            w.append(" AND b.kit = ?");
            args.add(s.kit());
        }
        if (s.flashmap() != null) {
            w.append(" AND b.flashmap = ?");
            args.add(s.flashmap());
        }
        if (!s.capabilities().isEmpty()) {
            w.append(" AND b.capabilities @> ?");
            args.add(c.createArrayOf("text", s.capabilities().toArray()));
        }
        return w.toString();
    }

    private List<PoolBoard> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setInt(1, settings.missedHeartbeats());
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 2, args[i]);
            }
            List<PoolBoard> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(board(rs));
                }
            }
            return out;
        }
    }

    private PoolBoard board(ResultSet rs) throws SQLException {
        String[] health = health(rs);
        String leaseId = rs.getString("lease_id");
        PoolBoard.LeaseInfo lease = leaseId == null ? null : new PoolBoard.LeaseInfo(leaseId, rs.getString("holder"),
                rs.getString("run_id"), rs.getTimestamp("expires_at").toInstant());
        return new PoolBoard(rs.getString("id"), rs.getString("agent_id"), rs.getString("url"), rs.getString("kit"),
                rs.getString("flashmap"), strings(rs.getArray("capabilities")), health[0], health[1], lease);
    }

    /** Health and its detail, in the order the class comment gives. */
    private String[] health(ResultSet rs) throws SQLException {
        if (rs.getBoolean("maintenance")) {
            return new String[] {"MAINTENANCE", rs.getString("maintenance_note")};
        }
        if (rs.getBoolean("agent_lost")) {
            return new String[] {"UNKNOWN", "agent '" + rs.getString("agent_id") + "' missed its heartbeats; last seen "
                    + rs.getTimestamp("last_seen").toInstant()};
        }
        if (rs.getInt("infra_failures") >= settings.badAfterInfraErrors()) {
            return new String[] {"BAD", rs.getInt("infra_failures") + " runs in a row ended in infrastructure errors; last: "
                    + rs.getString("infra_detail") + " (an operator sets it GOOD again)"};
        }
        boolean checked = rs.getObject("check_ok") != null;
        if (checked && !rs.getBoolean("check_ok")) {
            return new String[] {"BAD", rs.getString("check_detail")};
        }
        if ("BAD".equals(rs.getString("reported_health"))) {
            return new String[] {"BAD", "the agent reports: " + rs.getString("reported_detail")};
        }
        if (!checked) {
            return new String[] {"UNKNOWN", "not checked yet"};
        }
        return new String[] {"GOOD", null};
    }

    static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    /** Adds or updates the boards of {@code otalab.controller.boards} (id → URL); removes configured boards no longer there. */
    public void syncConfigured(Map<String, String> configured) {
        tx.run(c -> {
            for (var e : configured.entrySet()) {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO lab.boards (id, url) VALUES (?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET url = excluded.url WHERE lab.boards.agent_id IS NULL")) {
                    st.setString(1, e.getKey());
                    st.setString(2, e.getValue());
                    st.executeUpdate();
                }
            }
            try (PreparedStatement st = c.prepareStatement(
                    "DELETE FROM lab.boards WHERE agent_id IS NULL AND NOT (id = ANY(?))")) {
                st.setArray(1, c.createArrayOf("varchar", configured.keySet().toArray()));
                st.executeUpdate();
            }
            return null;
        });
    }

    /** Operator: MAINTENANCE with a note, or GOOD (also forgets infrastructure failures). False when unknown. */
    public boolean setMaintenance(String id, boolean maintenance, String note) {
        return tx.run(c -> {
            try (PreparedStatement st = c.prepareStatement(maintenance
                    ? "UPDATE lab.boards SET maintenance = true, maintenance_note = ? WHERE id = ?"
                    : "UPDATE lab.boards SET maintenance = false, maintenance_note = ?, infra_failures = 0, infra_detail = null"
                            + " WHERE id = ?")) {
                st.setString(1, note);
                st.setString(2, id);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** The result of a health check: what the board said about itself, or why the check failed. */
    public void recordCheck(String id, boolean ok, String detail, String kit, String flashmap, List<String> capabilities) {
        tx.run(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE lab.boards SET check_ok = ?, check_detail = ?,"
                    + " checked_at = now(), kit = coalesce(?, kit), flashmap = coalesce(?, flashmap),"
                    + " capabilities = coalesce(?, capabilities) WHERE id = ?")) {
                st.setBoolean(1, ok);
                st.setString(2, detail);
                st.setString(3, kit);
                st.setString(4, flashmap);
                st.setArray(5, capabilities == null ? null : c.createArrayOf("text", capabilities.toArray()));
                st.setString(6, id);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** After a run on a pooled board: infrastructure errors count up, a run without them clears the count. */
    public void recordRun(String id, boolean infraError, String detail) {
        tx.run(c -> {
            try (PreparedStatement st = c.prepareStatement(infraError
                    ? "UPDATE lab.boards SET infra_failures = infra_failures + 1, infra_detail = ? WHERE id = ?"
                    : "UPDATE lab.boards SET infra_failures = 0, infra_detail = ? WHERE id = ?")) {
                st.setString(1, infraError ? detail : null);
                st.setString(2, id);
                st.executeUpdate();
            }
            return null;
        });
    }
}
