package dev.otalab.imagestore;

import static dev.otalab.imagestore.ImageStoreTestResource.BOARD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.imagestore.TestImages.Signed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Downloads with HTTP Range, byte-exact against the uploaded image (the Infineon HTTP mode's requests). */
@QuarkusTest
@QuarkusTestResource(value = ImageStoreTestResource.class, restrictToAnnotatedClass = true)
class ImageDownloadTest {

    static Signed image;
    static int size;

    @BeforeEach
    void store() {
        if (image != null) {
            return; // once per class; RestAssured knows the port only from the first test on
        }
        image = TestImages.trusted(3 * 4096 + 1234 - 0x400 - 200, System.nanoTime(), "1.4.2");
        size = image.bytes().length;
        Response r = given().contentType("application/octet-stream").body(image.bytes()).queryParam("board", BOARD)
                .post("/api/v1/images");
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
    }

    @AfterAll
    static void cleanUp() {
        ImageRows.delete(Set.of(image.digest()));
    }

    static Response get(String range) {
        return given().header("Range", range).get("/api/v1/images/" + image.digest());
    }

    static byte[] slice(long first, long lastInclusive) {
        return Arrays.copyOfRange(image.bytes(), (int) first, (int) lastInclusive + 1);
    }

    @Test
    void wholeImageWithoutRange() {
        Response r = given().get("/api/v1/images/" + image.digest());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(r.header("ETag")).isEqualTo("\"" + image.digest() + "\"");
        assertThat(r.asByteArray()).isEqualTo(image.bytes());
    }

    @Test
    void firstChunk() {
        Response r = get("bytes=0-4095");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.header("Content-Range")).isEqualTo("bytes 0-4095/" + size);
        assertThat(r.asByteArray()).isEqualTo(slice(0, 4095));
    }

    @Test
    void middleRange() {
        Response r = get("bytes=5000-6999");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.header("Content-Range")).isEqualTo("bytes 5000-6999/" + size);
        assertThat(r.header("Content-Length")).isEqualTo("2000");
        assertThat(r.asByteArray()).isEqualTo(slice(5000, 6999));
    }

    @Test
    void lastPartialChunkIsClipped() {
        int first = 3 * 4096;
        Response r = get("bytes=" + first + "-" + (first + 4095));
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.header("Content-Range")).isEqualTo("bytes " + first + "-" + (size - 1) + "/" + size);
        assertThat(r.asByteArray()).isEqualTo(slice(first, size - 1)).hasSize(size - first);
        Response open = get("bytes=" + (size - 10) + "-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.asByteArray()).isEqualTo(slice(size - 10, size - 1));
    }

    @Test
    void suffixRange() {
        Response r = get("bytes=-100");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.header("Content-Range")).isEqualTo("bytes " + (size - 100) + "-" + (size - 1) + "/" + size);
        assertThat(r.asByteArray()).isEqualTo(slice(size - 100, size - 1));
        Response all = get("bytes=-" + (size + 500));
        assertThat(all.statusCode()).isEqualTo(206);
        assertThat(all.asByteArray()).isEqualTo(image.bytes());
    }

    @Test
    void infineonHttpClientReassemblesTheImage() {
        // The ota-update HTTP client: bytes=0-4095, 4096-8191, ... and the size from the first Content-Range.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Response first = get("bytes=0-4095");
        int total = Integer.parseInt(first.header("Content-Range").substring(first.header("Content-Range").indexOf('/') + 1));
        out.writeBytes(first.asByteArray());
        for (int offset = 4096; offset < total; offset += 4096) {
            Response r = get("bytes=" + offset + "-" + (offset + 4095));
            assertThat(r.statusCode()).isEqualTo(206);
            out.writeBytes(r.asByteArray());
        }
        assertThat(out.toByteArray()).isEqualTo(image.bytes());
    }

    @Test
    void invalidRangesAre416() {
        for (String bad : List.of("bytes=" + size + "-", "bytes=" + (size + 10) + "-" + (size + 20), "bytes=500-100",
                "bytes=abc", "bytes=-0", "bytes=0-10,20-30", "items=0-10", "bytes=", "bytes=-", "bytes=1-2-3",
                "bytes=99999999999999999999-")) {
            Response r = get(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(416);
            assertThat(r.header("Content-Range")).as(bad).isEqualTo("bytes */" + size);
            assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("type")).as(bad).isEqualTo("https://otalab.dev/problems/range-not-satisfiable");
        }
    }
}
