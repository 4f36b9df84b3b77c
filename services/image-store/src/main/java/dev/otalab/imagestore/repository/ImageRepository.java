package dev.otalab.imagestore.repository;

import dev.otalab.imagestore.model.ImageContent;
import dev.otalab.imagestore.model.StoredImage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Images in schema {@code images} through Hibernate Reactive. Each method opens its own session
 * (and transaction for writes); it must be subscribed on a Vert.x event-loop context that Quarkus
 * marked safe (a request, or {@code VertxContextSupport} in the MQTT path), never on a worker.
 */
@ApplicationScoped
public class ImageRepository {

    private final Mutiny.SessionFactory sessions;

    public ImageRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Inserts metadata and content in one transaction. Fails with a constraint violation if the digest exists. */
    public Uni<StoredImage> insert(StoredImage image, byte[] content) {
        return sessions.withTransaction(session -> session.persist(image)
                        .chain(() -> session.flush())
                        .chain(() -> session.persist(new ImageContent(image.digest, content))))
                .replaceWith(image);
    }

    /** The metadata, or null. */
    public Uni<StoredImage> find(String digest) {
        return sessions.withSession(session -> session.find(StoredImage.class, digest));
    }

    /** The bytes, or null. */
    public Uni<byte[]> content(String digest) {
        return sessions.withSession(session -> session.find(ImageContent.class, digest))
                .map(c -> c == null ? null : c.content);
    }

    /** Newest first; null filters are left out of the query ({@code :p is null} cannot be typed by PostgreSQL). */
    public Uni<List<StoredImage>> search(String board, String version, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (board != null) {
            where.add("i.board = :board");
            params.put("board", board);
        }
        if (version != null) {
            where.add("i.version = :version");
            params.put("version", version);
        }
        String hql = "from StoredImage i" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by i.createdAt desc, i.digest";
        return sessions.withSession(session -> {
            Mutiny.SelectionQuery<StoredImage> query = session.createSelectionQuery(hql, StoredImage.class);
            params.forEach(query::setParameter);
            return query.setMaxResults(limit).getResultList();
        });
    }

    /** Deletes metadata and content; true when there was an image. */
    public Uni<Boolean> delete(String digest) {
        return sessions.withTransaction(session -> session
                .createMutationQuery("delete from ImageContent c where c.digest = :d").setParameter("d", digest)
                .executeUpdate()
                .chain(() -> session.createMutationQuery("delete from StoredImage i where i.digest = :d")
                        .setParameter("d", digest).executeUpdate())
                .map(n -> n > 0));
    }
}
