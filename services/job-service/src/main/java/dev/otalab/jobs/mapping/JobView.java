package dev.otalab.jobs.mapping;

import dev.otalab.jobs.model.Job;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A job as the API shows it. */
@Schema(name = "Job")
public record JobView(String board, String imageDigest,
        @Schema(description = "a.b.c from image-store, as sent in the job document") String version,
        @Schema(description = "image size in bytes, from image-store") long imageSize,
        String broker, String port,
        @Schema(description = "empty = every device of the board") List<String> serialNumbers,
        @Schema(description = "changes on every PUT; OTA sessions name the revision that offered them") UUID revision,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static JobView of(Job job) {
        return new JobView(job.board, job.imageDigest, job.version, job.imageSize, job.broker, job.port,
                List.copyOf(job.serialNumbers), job.revision, job.createdAt, job.updatedAt);
    }
}
