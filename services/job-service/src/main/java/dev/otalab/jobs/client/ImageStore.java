package dev.otalab.jobs.client;

import dev.otalab.jobs.mapping.ProblemType;
import dev.otalab.jobs.service.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** {@link ImageStoreClient} with its failures turned into this service's problems. */
@ApplicationScoped
public class ImageStore {

    private static final Logger LOG = Logger.getLogger(ImageStore.class);

    private final ImageStoreClient client;

    public ImageStore(@RestClient ImageStoreClient client) {
        this.client = client;
    }

    /**
     * The image's metadata. Fails with {@code unknown-image} (422) when image-store answers 404,
     * {@code image-store-error} (502) for any other error status or an unreadable body, and
     * {@code image-store-unavailable} (503) when it cannot be reached.
     */
    public Uni<ImageMeta> meta(String digest) {
        return client.meta(digest)
                .onFailure().transform(e -> problem(digest, e))
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.BAD_GATEWAY,
                        "image-store answered an empty body for image " + digest));
    }

    private static Throwable problem(String digest, Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            int status = w.getResponse().getStatus();
            if (status == 404) {
                return new ProblemException(ProblemType.UNKNOWN_IMAGE, "image-store has no image " + digest);
            }
            if (status < 400) {
                LOG.warnf("unreadable metadata from image-store for %s: %s", digest, rootMessage(e));
                return new ProblemException(ProblemType.BAD_GATEWAY,
                        "image-store's metadata of image " + digest + " is not the contract's JSON");
            }
            LOG.warnf("image-store answered %d for the metadata of %s", status, digest);
            return new ProblemException(ProblemType.BAD_GATEWAY,
                    "image-store answered HTTP " + status + " for the metadata of image " + digest);
        }
        if (e instanceof ProcessingException && isUnreachable(e)) {
            LOG.warnf("image-store unreachable: %s", e.toString());
            return new ProblemException(ProblemType.IMAGE_STORE_UNAVAILABLE,
                    "image-store cannot be reached (" + rootMessage(e) + ")");
        }
        LOG.warnf(e, "unusable image-store answer for %s", digest);
        return new ProblemException(ProblemType.BAD_GATEWAY,
                "unusable answer from image-store for image " + digest + ": " + rootMessage(e));
    }

    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.netty.channel.ConnectTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
