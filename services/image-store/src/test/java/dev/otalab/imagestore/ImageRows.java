package dev.otalab.imagestore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads and deletes rows of schema {@code images} over plain JDBC, beside the service: tests check
 * what is really stored, and delete the images they made.
 */
public final class ImageRows {

    private ImageRows() {
    }

    public static Map<String, Object> image(String digest) {
        List<Map<String, Object>> rows = query("select * from images.image where digest = ?", digest);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static byte[] content(String digest) {
        List<Map<String, Object>> rows = query("select content from images.image_content where digest = ?", digest);
        return rows.isEmpty() ? null : (byte[]) rows.get(0).get("content");
    }

    public static long count() {
        return ((Number) query("select count(*) as n from images.image").get(0).get("n")).longValue();
    }

    public static void delete(Collection<String> digests) {
        for (String d : digests) {
            update("delete from images.image where digest = ?", d);
        }
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
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int update(String sql, Object arg) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, arg);
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
