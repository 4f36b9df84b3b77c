package dev.otalab.jobs.rest;

import dev.otalab.rest.Problem;
import dev.otalab.jobs.mapping.ProblemType;
import dev.otalab.jobs.mapping.SessionView;
import dev.otalab.jobs.repository.SessionRepository;
import dev.otalab.jobs.service.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OTA sessions, as image-store resolves them for a device's {@code Request Update}. */
@Path("/api/v1/ota-sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ota-sessions", description = "offered updates by unique topic")
public class OtaSessionResource {

    private final SessionRepository sessions;

    public OtaSessionResource(SessionRepository sessions) {
        this.sessions = sessions;
    }

    /** The topic contains slashes: send it URL-encoded ({@code %2F}); unencoded slashes work too. */
    @GET
    @Path("/{uniqueTopic: .+}")
    @Operation(summary = "the active session of a unique topic",
            description = "A lookup is image-store resolving the device's Request Update: it marks the offer as "
                    + "being downloaded (a campaign execution moves from OFFERED to DOWNLOADING). With serialNumber, "
                    + "that device's session on the topic is preferred, and another device's session (stock agents "
                    + "can share a unique topic) is returned without marking it.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "404", description = "unknown-session: no session, or it expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<SessionView> get(@Parameter(description = "the device's UniqueTopicName, URL-encoded",
            example = "MyUniqueTopic%2FAPP_CY8CPROTO_062S2_43439%2FOTAImage%2F4660")
            @PathParam("uniqueTopic") String uniqueTopic,
            @Parameter(description = "the SerialNumber of the requesting device's Request Update, if it sent one")
            @QueryParam("serialNumber") String serialNumber) {
        return sessions.resolve(uniqueTopic, serialNumber, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS))
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.UNKNOWN_SESSION,
                        "no active OTA session for unique topic " + uniqueTopic))
                .map(SessionView::of);
    }
}
