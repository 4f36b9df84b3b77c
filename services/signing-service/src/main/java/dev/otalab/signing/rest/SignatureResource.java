package dev.otalab.signing.rest;

import dev.otalab.signing.mapping.Numbers;
import dev.otalab.rest.Problem;
import dev.otalab.signing.mapping.ProblemType;
import dev.otalab.signing.mapping.SignatureView;
import dev.otalab.signing.repository.SignatureRecordRepository;
import dev.otalab.signing.service.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code GET /api/v1/signatures}: the audit log, newest first. Reactive: runs on the event loop. */
@Path("/api/v1/signatures")
@Tag(name = "signatures")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class SignatureResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128}");

    private final SignatureRecordRepository records;

    public SignatureResource(SignatureRecordRepository records) {
        this.records = records;
    }

    @GET
    @Operation(summary = "Signatures made, newest first; filters combine with AND")
    public Uni<List<SignatureView>> list(@RestQuery("digest") String digest, @RestQuery("keyId") String keyId,
                                         @RestQuery("signedBy") String signedBy, @RestQuery("limit") String limit) {
        String d = blankToNull(digest);
        if (d != null) {
            d = d.toLowerCase(Locale.ROOT);
            if (!HEX_DIGEST.matcher(d).matches()) {
                throw ProblemException.badRequest("digest: '" + digest + "' is not a SHA-256/384/512 hex digest");
            }
        }
        int max = limit == null || limit.isBlank() ? DEFAULT_LIMIT : (int) Numbers.parse("limit", limit, 1, MAX_LIMIT);
        return records.search(d, blankToNull(keyId), blankToNull(signedBy), max)
                .map(rows -> rows.stream().map(SignatureView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One signature record")
    public Uni<SignatureView> get(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        return records.find(uuid).map(r -> {
            if (r == null) {
                throw notFound(id);
            }
            return SignatureView.of(r);
        });
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "no signature record '" + id + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
