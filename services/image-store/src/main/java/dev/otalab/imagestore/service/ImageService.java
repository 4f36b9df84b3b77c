package dev.otalab.imagestore.service;

import dev.otalab.imagestore.config.ImagesConfig;
import dev.otalab.imagestore.mapping.ProblemType;
import dev.otalab.imagestore.model.StoredImage;
import dev.otalab.imagestore.repository.ImageRepository;
import dev.otalab.mcuboot.McubootException;
import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.verify.ImageVerifier;
import dev.otalab.mcuboot.verify.VerifyResult;
import dev.otalab.ota.OtaProtocolException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * Upload: verify against the trusted keys on a worker thread, then store on the request's event
 * loop (Hibernate Reactive). Content-addressed by the hash TLV's digest; storing the same image for
 * the same board again returns the existing record.
 */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class);
    /** Board strings: {@code CY_TARGET_BOARD_STRING}; the device's job-document buffer holds 47 characters. */
    public static final Pattern BOARD = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,46}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}");

    /** The outcome of an upload: the record, and whether this request created it. */
    public record Stored(StoredImage image, boolean created) {
    }

    /** What verification found. */
    record Verified(String digest, String keyId, McubootImage image, CachedImage cached) {
    }

    private final TrustedKeys keys;
    private final ImageRepository repository;
    private final ImageCache cache;
    private final ImagesConfig config;
    private final Vertx vertx;
    private final MeterRegistry meters;

    public ImageService(TrustedKeys keys, ImageRepository repository, ImageCache cache, ImagesConfig config,
            Vertx vertx, MeterRegistry meters) {
        this.keys = keys;
        this.repository = repository;
        this.cache = cache;
        this.config = config;
        this.vertx = vertx;
        this.meters = meters;
    }

    public Uni<Stored> upload(String board, byte[] body) {
        checkBoard(board);
        return vertx.executeBlocking(Uni.createFrom().item(() -> verify(body)), false)
                .flatMap(v -> repository.find(v.digest()).flatMap(existing -> existing != null
                        ? Uni.createFrom().item(same(existing, board, v))
                        : insert(board, v)))
                .invoke(s -> meters.counter("otalab.image.uploads", "outcome", s.created() ? "stored" : "existing")
                        .increment())
                .onFailure(ProblemException.class).invoke(e -> meters.counter("otalab.image.uploads", "outcome",
                        ((ProblemException) e).type().name().toLowerCase()).increment());
    }

    private Uni<Stored> insert(String board, Verified v) {
        StoredImage row = new StoredImage();
        row.digest = v.digest();
        row.board = board;
        row.version = v.cached().version().toString();
        row.mcubootVersion = v.image().version().toString();
        row.size = v.cached().size();
        row.keyId = v.keyId();
        row.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return repository.insert(row, v.cached().bytes())
                .invoke(() -> cache.put(v.cached()))
                .map(r -> new Stored(r, true))
                .onFailure(ImageService::isDuplicateKey).recoverWithUni(e -> {
                    // A concurrent upload of the same image won the race: answer as for a repeat.
                    LOG.debugf("concurrent upload of %s: %s", v.digest(), e);
                    return repository.find(v.digest()).map(existing -> {
                        if (existing == null) {
                            throw new IllegalStateException("insert of " + v.digest() + " failed and no row exists", e);
                        }
                        return same(existing, board, v);
                    });
                });
    }

    private Stored same(StoredImage existing, String board, Verified v) {
        if (!existing.board.equals(board)) {
            throw new ProblemException(ProblemType.DIGEST_CONFLICT, "image " + existing.digest
                    + " is stored already for board " + existing.board + "; one digest belongs to one board");
        }
        if (existing.size != v.cached().size()) {
            throw new ProblemException(ProblemType.DIGEST_CONFLICT, "image " + existing.digest + " is stored already as "
                    + existing.size + " bytes; this upload has " + v.cached().size()
                    + " (the same image with other padding or trailer bytes)");
        }
        return new Stored(existing, false);
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("23505") || m.contains("duplicate key"))) {
                return true;
            }
        }
        return false;
    }

    /** The blocking part: parse, hash, signature against each trusted key. @throws ProblemException */
    Verified verify(byte[] body) {
        long max = config.maxSize().asLongValue();
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.BAD_IMAGE, "the request body is empty; send the signed image bytes");
        }
        if (body.length > max) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, "image of " + body.length
                    + " bytes exceeds the limit of " + max + " bytes (otalab.images.max-size)");
        }
        Map<String, McubootKey> trusted = keys.all();
        VerifyResult hash = ImageVerifier.verify(body, null);
        if (!hash.ok()) {
            throw new ProblemException(ProblemType.BAD_IMAGE, String.join("; ", hash.lines()));
        }
        List<String> refusals = new ArrayList<>();
        for (Map.Entry<String, McubootKey> key : trusted.entrySet()) {
            VerifyResult r = ImageVerifier.verify(body, key.getValue());
            if (r.ok()) {
                if (r.digest() == null) {
                    throw new ProblemException(ProblemType.BAD_IMAGE,
                            "pure Ed25519 images carry no hash TLV to address them by; sign with a hash");
                }
                String digest = HexFormat.of().formatHex(r.digest());
                try {
                    McubootImage image = McubootImage.parse(body);
                    return new Verified(digest, key.getKey(), image, CachedImage.of(digest, body));
                } catch (OtaProtocolException | McubootException e) {
                    throw new ProblemException(ProblemType.BAD_IMAGE, "cannot be served over OTA: " + e.getMessage());
                }
            }
            refusals.add(key.getKey() + ": " + String.join("; ", r.lines()));
        }
        throw new ProblemException(ProblemType.UNTRUSTED_IMAGE,
                "the image does not verify against any trusted key: " + String.join(" | ", refusals));
    }

    public static void checkBoard(String board) {
        if (board == null || board.isEmpty()) {
            throw ProblemException.badRequest("query parameter 'board' is required (e.g. APP_CY8CPROTO_062S2_43439)");
        }
        if (!BOARD.matcher(board).matches()) {
            throw ProblemException.badRequest("board '" + printable(board)
                    + "' is not a board string: letters, digits, '_', '.', '-', at most 47 characters");
        }
    }

    /** Lower-cased digest. @throws ProblemException 404 for something that cannot be a digest */
    public static String normalizeDigest(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw ProblemException.notFound("no image '" + printable(digest == null ? "" : digest)
                    + "'; a digest is 64, 96 or 128 hex digits");
        }
        return digest.toLowerCase();
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.substring(0, Math.min(s.length(), 80)).toCharArray()) {
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return b.toString();
    }
}
