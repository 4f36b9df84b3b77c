package dev.otalab.signing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads and deletes audit rows over plain JDBC, beside the service: the tests check what is really
 * in {@code signing.signature_record}, not what the service's own repository says. Each test class
 * signs as its own user ({@link #newUser}) and deletes that user's rows when done.
 */
public final class AuditRows {

    private AuditRows() {
    }

    public static String newUser(String testClass) {
        return "test-" + testClass + "-" + Long.toHexString(System.nanoTime());
    }

    public static int count(String user) {
        return rows("signed_by = ?", user).size();
    }

    public static List<Map<String, Object>> byUser(String user) {
        return rows("signed_by = ?", user);
    }

    public static Map<String, Object> byId(String id) {
        List<Map<String, Object>> rows = rows("id = ?::uuid", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static int deleteUser(String user) {
        return update("delete from signing.signature_record where signed_by = ?", user);
    }

    public static int deleteId(String id) {
        return update("delete from signing.signature_record where id = ?::uuid", id);
    }

    public static List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        if (value instanceof Timestamp t) {
                            value = t.toInstant().atOffset(ZoneOffset.UTC);
                        }
                        row.put(rs.getMetaData().getColumnLabel(i), value);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> rows(String where, String arg) {
        return query("select * from signing.signature_record where " + where + " order by signed_at", arg);
    }

    private static int update(String sql, String arg) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
