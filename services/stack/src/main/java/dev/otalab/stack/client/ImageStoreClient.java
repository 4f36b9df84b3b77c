package dev.otalab.stack.client;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** image-store: upload, metadata, download and delete of signed images. */
public final class ImageStoreClient {

    private final JsonHttp http;

    public ImageStoreClient(String baseUrl) {
        this.http = new JsonHttp(baseUrl);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** image-store's record of a stored image. */
    public record StoredImage(String digest, String board, String version, String mcubootVersion, long size, String keyId) {
    }

    /**
     * {@code POST /api/v1/images?board=}: stores a signed image for a board. A refusal (bad image,
     * untrusted key, …) throws {@link ServiceCallException} with the problem's type and detail.
     */
    public StoredImage upload(String board, byte[] signed) {
        return http.sendFor(http.request("/api/v1/images?board=" + URLEncoder.encode(board, StandardCharsets.UTF_8))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed)).build(), StoredImage.class);
    }

    public StoredImage meta(String digest) {
        return http.sendFor(http.request("/api/v1/images/" + digest + "/meta").GET().build(), StoredImage.class);
    }

    public byte[] download(String digest) {
        return http.send(http.request("/api/v1/images/" + digest).GET().build()).body();
    }

    public void delete(String digest) {
        http.send(http.request("/api/v1/images/" + digest).DELETE().build());
    }
}
