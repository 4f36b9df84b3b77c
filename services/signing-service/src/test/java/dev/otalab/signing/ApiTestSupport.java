package dev.otalab.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Shared helpers: request builders, test images, and a filter that checks every response. */
public final class ApiTestSupport {

    /** Fails any test whose response, of any endpoint, carries private key material. */
    public static final Filter NO_PRIVATE_KEYS = (request, response, ctx) -> {
        Response r = ctx.next(request, response);
        byte[] body = r.asByteArray();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(text).as("response body of %s %s", request.getMethod(), request.getURI())
                .doesNotContain("PRIVATE KEY");
        return r;
    };

    private static boolean installed;

    private ApiTestSupport() {
    }

    /** Installs {@link #NO_PRIVATE_KEYS} for all RestAssured requests (once per JVM). */
    public static synchronized void install() {
        if (!installed) {
            RestAssured.filters(NO_PRIVATE_KEYS);
            installed = true;
        }
    }

    /** An application binary: deterministic bytes of the given length. */
    public static byte[] app(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static RequestSpecification signRequest(String user, byte[] image, String fileName, String optionsJson) {
        RequestSpecification spec = RestAssured.given()
                .multiPart("image", fileName, image, "application/octet-stream")
                .multiPart("options", optionsJson, "application/json");
        return user == null ? spec : spec.header("X-Otalab-User", user);
    }
}
