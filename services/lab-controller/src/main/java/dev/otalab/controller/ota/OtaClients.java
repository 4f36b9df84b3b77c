package dev.otalab.controller.ota;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * REST clients for the OTA services a plan's {@code upload}, {@code job}, {@code waitVersion},
 * {@code campaign} and {@code blocked} steps call. A service whose URL is not configured answers every
 * call with {@link NotConfigured}; signing-service is optional ({@link #signing()} empty: sign locally).
 */
public final class OtaClients {

    /** A step needs a service whose {@code otalab.controller.<service>.url} is not set. */
    public static final class NotConfigured extends RuntimeException {
        public NotConfigured(String property) {
            super(property + " is not set: the OTA steps need it");
        }
    }

    private final Optional<ImageStoreApi> images;
    private final Optional<JobServiceApi> jobs;
    private final Optional<SigningServiceApi> signing;

    public OtaClients(Optional<String> imageStoreUrl, Optional<String> jobServiceUrl, Optional<String> signingServiceUrl) {
        this.images = imageStoreUrl.map(u -> build(u, ImageStoreApi.class));
        this.jobs = jobServiceUrl.map(u -> build(u, JobServiceApi.class));
        this.signing = signingServiceUrl.map(u -> build(u, SigningServiceApi.class));
    }

    /** signing-service when {@code otalab.controller.signing-service.url} is set. */
    public Optional<SigningServiceApi> signing() {
        return signing;
    }

    public ImageStoreApi images() {
        return images.orElseThrow(() -> new NotConfigured("otalab.controller.image-store.url"));
    }

    public JobServiceApi jobs() {
        return jobs.orElseThrow(() -> new NotConfigured("otalab.controller.job-service.url"));
    }

    private static <T> T build(String url, Class<T> api) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                .connectTimeout(3, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS)
                .build(api);
    }
}
