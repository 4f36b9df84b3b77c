package dev.otalab.controller.agent;

import dev.otalab.controller.pool.PoolSettings;
import dev.otalab.controller.pool.Tx;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.registration.AgentRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Agents (lab-agents, emulators) registering their boards into the pool, in {@code lab.agents}. */
@ApplicationScoped
public class AgentService {

    /** A board the agent names already belongs to another agent or to the configuration. */
    public static class BoardTaken extends RuntimeException {
        BoardTaken(String message) {
            super(message);
        }
    }

    @Inject
    Tx tx;
    @Inject
    PoolSettings settings;

    /** Registers (or re-registers) an agent; true when it was new. */
    public boolean register(AgentRegistration a) {
        return tx.run(c -> {
            boolean created;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO lab.agents AS g (id, url, version, heartbeat_seconds,"
                    + " status_topic, registered_at, last_seen) VALUES (?, ?, ?, ?, ?, now(), now())"
                    + " ON CONFLICT (id) DO UPDATE SET url = excluded.url, version = excluded.version,"
                    + " heartbeat_seconds = excluded.heartbeat_seconds, status_topic = excluded.status_topic,"
                    + " last_seen = now() RETURNING (xmax = 0)")) {
                st.setString(1, a.id());
                st.setString(2, a.url());
                st.setString(3, a.version());
                st.setInt(4, a.heartbeatSeconds());
                st.setString(5, a.statusTopic());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    created = rs.getBoolean(1);
                }
            }
            syncBoards(c, a);
            return created;
        });
    }

    /** A heartbeat: the agent is alive, its boards are as listed. False when the agent is unknown (it must register). */
    public boolean heartbeat(String id, AgentRegistration a) {
        return tx.run(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE lab.agents SET last_seen = now() WHERE id = ?")) {
                st.setString(1, id);
                if (st.executeUpdate() == 0) {
                    return false;
                }
            }
            if (a != null) {
                update(c, a);
            }
            return true;
        });
    }

    private void update(Connection c, AgentRegistration a) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE lab.agents SET url = ?, version = ?, heartbeat_seconds = ?,"
                + " status_topic = ? WHERE id = ?")) {
            st.setString(1, a.url());
            st.setString(2, a.version());
            st.setInt(3, a.heartbeatSeconds());
            st.setString(4, a.statusTopic());
            st.setString(5, a.id());
            st.executeUpdate();
        }
        syncBoards(c, a);
    }

    /** The agent's boards become exactly those listed (a board it no longer lists leaves the pool with its lease). */
    private static void syncBoards(Connection c, AgentRegistration a) throws SQLException {
        for (BoardInfo b : RegistrationCheck.boards(a)) {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO lab.boards AS x (id, agent_id, url, kit, flashmap,"
                    + " capabilities, reported_health, reported_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET url = excluded.url, kit = excluded.kit, flashmap = excluded.flashmap,"
                    + " capabilities = excluded.capabilities, reported_health = excluded.reported_health,"
                    + " reported_detail = excluded.reported_detail WHERE x.agent_id = excluded.agent_id")) {
                st.setString(1, b.id());
                st.setString(2, a.id());
                st.setString(3, a.url());
                st.setString(4, b.kit());
                st.setString(5, b.flashmap());
                st.setArray(6, c.createArrayOf("text", b.capabilities().toArray()));
                st.setString(7, b.health().name());
                st.setString(8, b.healthDetail());
                if (st.executeUpdate() == 0) {
                    throw new BoardTaken("board '" + b.id() + "' already belongs to " + owner(c, b.id()));
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("DELETE FROM lab.boards WHERE agent_id = ? AND NOT (id = ANY(?))")) {
            st.setString(1, a.id());
            st.setArray(2, c.createArrayOf("varchar", RegistrationCheck.boards(a).stream().map(BoardInfo::id).toArray()));
            st.executeUpdate();
        }
    }

    private static String owner(Connection c, String board) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT agent_id FROM lab.boards WHERE id = ?")) {
            st.setString(1, board);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                String agent = rs.getString(1);
                return agent == null ? "the controller's configuration (otalab.controller.boards)" : "agent '" + agent + "'";
            }
        }
    }

    public List<AgentView> list() {
        return tx.run(c -> query(c, ""));
    }

    public Optional<AgentView> find(String id) {
        return tx.run(c -> query(c, id)).stream().findFirst();
    }

    private List<AgentView> query(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT a.*, a.last_seen >= now() - a.heartbeat_seconds * ?"
                + " * interval '1 second' AS online, array(SELECT b.id FROM lab.boards b WHERE b.agent_id = a.id"
                + " ORDER BY b.id) AS board_ids FROM lab.agents a" + (id.isEmpty() ? "" : " WHERE a.id = ?")
                + " ORDER BY a.id")) {
            st.setInt(1, settings.missedHeartbeats());
            if (!id.isEmpty()) {
                st.setString(2, id);
            }
            List<AgentView> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new AgentView(rs.getString("id"), rs.getString("url"), rs.getString("version"),
                            rs.getInt("heartbeat_seconds"), rs.getString("status_topic"),
                            rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("last_seen").toInstant(),
                            rs.getBoolean("online"), List.of((String[]) rs.getArray("board_ids").getArray())));
                }
            }
            return out;
        }
    }

    /** Removes an agent, its boards and their leases; false when unknown. */
    public boolean delete(String id) {
        return tx.run(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM lab.agents WHERE id = ?")) {
                st.setString(1, id);
                return st.executeUpdate() == 1;
            }
        });
    }
}
