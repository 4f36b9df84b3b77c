package dev.otalab.jobs.service;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.otalab.jobs.client.ImageMeta;
import dev.otalab.jobs.client.ImageStore;
import dev.otalab.jobs.config.OtaConfig;
import dev.otalab.jobs.mapping.JobRequest;
import dev.otalab.jobs.mapping.ProblemType;
import dev.otalab.jobs.model.Job;
import dev.otalab.jobs.repository.JobRepository;
import dev.otalab.ota.OtaVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Job documents per board: every check that can be made before asking image-store is made first,
 * then image-store's metadata is checked, and only a job that is certain to produce a job
 * document the board's devices accept is stored. A refused request changes nothing.
 */
@ApplicationScoped
public class JobService {

    /** Hex digest as image-store names images (SHA-256 … SHA-512). */
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{32,128}");
    static final int MAX_SERIALS = 10_000;
    static final int MAX_SERIAL_LENGTH = 255;

    private final JobRepository jobs;
    private final ImageStore imageStore;
    private final OtaConfig ota;
    private final ObjectReader requestReader;

    public JobService(JobRepository jobs, ImageStore imageStore, OtaConfig ota, ObjectMapper mapper) {
        this.jobs = jobs;
        this.imageStore = imageStore;
        this.ota = ota;
        this.requestReader = mapper.readerFor(JobRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** The result of {@link #put}. */
    public record Put(Job job, boolean created) {
    }

    /** Creates or replaces the job of {@code board} from the request body (JSON text). */
    public Uni<Put> put(String board, String body) {
        JobDocuments.checkBoard(ota.topicPrepend(), board);
        JobRequest request = parse(body);
        String digest = digest(request.imageDigest());
        String broker = request.broker() == null ? "" : request.broker();
        String port = request.port() == null ? "" : request.port().trim();
        TreeSet<String> serials = serials(request.serialNumbers());
        // Broker and port are checked once without the version (fail before calling image-store) …
        JobDocuments.checkJob(ota.topicPrepend(), board, OtaVersion.ZERO, broker, port);
        return imageStore.meta(digest).chain(meta -> {
            Job job = fromMeta(board, digest, meta, broker, port, serials);
            return jobs.put(job).map(w -> new Put(w.job(), w.created()));
        });
    }

    public Uni<Job> get(String board) {
        return jobs.find(board).onItem().ifNull()
                .failWith(() -> new ProblemException(ProblemType.UNKNOWN_JOB, "no job for board " + board));
    }

    public Uni<List<Job>> list() {
        return jobs.list();
    }

    public Uni<Void> delete(String board) {
        return jobs.delete(board).invoke(deleted -> {
            if (!deleted) {
                throw new ProblemException(ProblemType.UNKNOWN_JOB, "no job for board " + board);
            }
        }).replaceWithVoid();
    }

    private Job fromMeta(String board, String digest, ImageMeta meta, String broker, String port,
            TreeSet<String> serials) {
        if (meta.digest() != null && !meta.digest().equalsIgnoreCase(digest)) {
            throw new ProblemException(ProblemType.BAD_GATEWAY,
                    "image-store answered the metadata of " + meta.digest() + " when asked for " + digest);
        }
        if (meta.board() != null && !meta.board().isEmpty() && !meta.board().equals(board)) {
            throw new ProblemException(ProblemType.IMAGE_BOARD_MISMATCH, "image " + digest + " is for board "
                    + meta.board() + ", not " + board);
        }
        if (meta.size() == null || meta.size() < 0) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "image-store reports no usable size for image " + digest);
        }
        OtaVersion version = JobDocuments.imageVersion(meta.version(), digest);
        // … and again with the version: it must fit the 16-bit parts and the 15-character buffer.
        JobDocuments.checkJob(ota.topicPrepend(), board, version, broker, port);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Job job = new Job();
        job.board = board;
        job.revision = UUID.randomUUID();
        job.imageDigest = digest;
        job.version = version.toString();
        job.imageSize = meta.size();
        job.broker = broker;
        job.port = port;
        job.serialNumbers = serials;
        job.createdAt = now;
        job.updatedAt = now;
        return job;
    }

    private JobRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("request body must be a JSON object with imageDigest");
        }
        try {
            JobRequest request = requestReader.readValue(body);
            if (request == null) {
                throw ProblemException.badRequest("request body must be a JSON object, not null");
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.badRequest("unknown field '" + e.getPropertyName()
                    + "'; known fields: imageDigest, broker, port, serialNumbers");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw ProblemException.badRequest(field == null ? "request body must be a JSON object: " + firstLine(e)
                    : "field '" + field + "' has the wrong type: " + firstLine(e));
        } catch (JacksonException e) {
            throw ProblemException.badRequest("malformed JSON: " + firstLine(e));
        }
    }

    private static String digest(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("imageDigest is required");
        }
        String digest = text.trim().toLowerCase(Locale.ROOT);
        if (!DIGEST.matcher(digest).matches()) {
            throw ProblemException.badRequest("imageDigest must be 32 to 128 hex digits");
        }
        return digest;
    }

    private static TreeSet<String> serials(List<String> given) {
        TreeSet<String> serials = new TreeSet<>();
        if (given == null) {
            return serials;
        }
        if (given.size() > MAX_SERIALS) {
            throw ProblemException.badRequest("at most " + MAX_SERIALS + " serialNumbers per job");
        }
        for (String serial : given) {
            if (serial == null || serial.isEmpty()) {
                throw ProblemException.badRequest("serialNumbers must not contain null or empty strings");
            }
            if (serial.length() > MAX_SERIAL_LENGTH || serial.indexOf('\0') >= 0) {
                throw ProblemException.badRequest("serial number '" + shorten(serial)
                        + "' is longer than " + MAX_SERIAL_LENGTH + " characters or contains NUL");
            }
            serials.add(serial);
        }
        return serials;
    }

    private static String firstLine(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
