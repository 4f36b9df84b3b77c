package dev.otalab.imagestore;

import static dev.otalab.imagestore.ImageStoreTestResource.BOARD;
import static dev.otalab.imagestore.ImageStoreTestResource.OTHER_BOARD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.imagestore.TestImages.Signed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ImageStoreTestResource.class, restrictToAnnotatedClass = true)
class ImageUploadTest {

    static final String PROBLEMS = "https://otalab.dev/problems/";
    static final Set<String> made = ConcurrentHashMap.newKeySet();
    static final long RUN = System.nanoTime();

    @AfterAll
    static void cleanUp() {
        ImageRows.delete(made);
    }

    static Response upload(String board, byte[] body) {
        return given().contentType("application/octet-stream").body(body)
                .queryParam("board", board).when().post("/api/v1/images");
    }

    static Signed image(int length, int n, String version) {
        Signed s = TestImages.trusted(length, RUN * 31 + n, version);
        made.add(s.digest());
        return s;
    }

    @Test
    void goodImageIsStoredListedAndDescribed() {
        Signed s = image(10_000, 1, "1.2.3+45");
        Response r = upload(BOARD, s.bytes());
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        JsonPath json = r.jsonPath();
        assertThat(json.getString("digest")).isEqualTo(s.digest()).hasSize(64);
        assertThat(json.getString("board")).isEqualTo(BOARD);
        assertThat(json.getString("version")).isEqualTo("1.2.3");
        assertThat(json.getString("mcubootVersion")).isEqualTo("1.2.3+45");
        assertThat(json.getLong("size")).isEqualTo(s.bytes().length);
        assertThat(json.getString("keyId")).isEqualTo("otalab-test-ec-p256");
        assertThat(OffsetDateTime.parse(json.getString("createdAt"))).isBefore(OffsetDateTime.now().plusSeconds(5));
        assertThat(r.header("Location")).endsWith("/api/v1/images/" + s.digest() + "/meta");

        // What is really in the database: the row and the exact bytes.
        Map<String, Object> row = ImageRows.image(s.digest());
        assertThat(row).containsEntry("board", BOARD).containsEntry("version", "1.2.3")
                .containsEntry("key_id", "otalab-test-ec-p256").containsEntry("size", (long) s.bytes().length);
        assertThat(ImageRows.content(s.digest())).isEqualTo(s.bytes());

        Response meta = given().get("/api/v1/images/" + s.digest() + "/meta");
        assertThat(meta.statusCode()).isEqualTo(200);
        assertThat(meta.jsonPath().getMap("")).isEqualTo(json.getMap(""));
        // Upper-case digests name the same image.
        assertThat(given().get("/api/v1/images/" + s.digest().toUpperCase() + "/meta").statusCode()).isEqualTo(200);

        List<String> listed = given().queryParam("board", BOARD).get("/api/v1/images").jsonPath().getList("digest");
        assertThat(listed).contains(s.digest());
        List<String> byVersion = given().queryParam("board", BOARD).queryParam("version", "1.2.3")
                .get("/api/v1/images").jsonPath().getList("digest");
        assertThat(byVersion).contains(s.digest());
        assertThat(given().queryParam("board", OTHER_BOARD).get("/api/v1/images").jsonPath().getList("digest", String.class))
                .doesNotContain(s.digest());
        assertThat(given().queryParam("version", "9.9.9").get("/api/v1/images").jsonPath().getList("digest", String.class))
                .doesNotContain(s.digest());

        byte[] downloaded = given().get("/api/v1/images/" + s.digest()).asByteArray();
        assertThat(downloaded).isEqualTo(s.bytes());
    }

    @Test
    void listIsNewestFirstAndLimited() {
        Signed a = image(3000, 10, "2.0.0");
        Signed b = image(3000, 11, "2.0.1");
        assertThat(upload(BOARD, a.bytes()).statusCode()).isEqualTo(201);
        assertThat(upload(BOARD, b.bytes()).statusCode()).isEqualTo(201);
        List<String> listed = given().queryParam("board", BOARD).get("/api/v1/images").jsonPath().getList("digest");
        assertThat(listed.indexOf(b.digest())).isLessThan(listed.indexOf(a.digest())).isNotNegative();
        assertThat(given().queryParam("limit", 1).get("/api/v1/images").jsonPath().getList("digest")).hasSize(1);
        Response bad = given().queryParam("limit", 0).get("/api/v1/images");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("type")).isEqualTo(PROBLEMS + "bad-request");
    }

    @Test
    void duplicateUploadIsIdempotent() {
        Signed s = image(5000, 2, "1.0.1");
        Response first = upload(BOARD, s.bytes());
        assertThat(first.statusCode()).isEqualTo(201);
        Response second = upload(BOARD, s.bytes());
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.jsonPath().getMap("")).isEqualTo(first.jsonPath().getMap(""));
        assertThat(ImageRows.query("select count(*) as n from images.image where digest = ?", s.digest()).get(0).get("n"))
                .isEqualTo(1L);

        // The same digest for another board, or with other trailing bytes, is a conflict, not a second record.
        Response otherBoard = upload(OTHER_BOARD, s.bytes());
        assertThat(otherBoard.statusCode()).isEqualTo(409);
        assertThat(otherBoard.jsonPath().getString("type")).isEqualTo(PROBLEMS + "digest-conflict");
        byte[] padded = Arrays.copyOf(s.bytes(), s.bytes().length + 64);
        Arrays.fill(padded, s.bytes().length, padded.length, (byte) 0xFF);
        Response paddedUpload = upload(BOARD, padded);
        assertThat(paddedUpload.statusCode()).as(paddedUpload.asString()).isEqualTo(409);
        assertThat(ImageRows.image(s.digest())).containsEntry("board", BOARD)
                .containsEntry("size", (long) s.bytes().length);
        assertThat(ImageRows.content(s.digest())).isEqualTo(s.bytes());
    }

    @Test
    void concurrentUploadsOfOneImageStoreOneRecord() throws Exception {
        Signed s = image(20_000, 3, "1.0.2");
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread t = new Thread(() -> statuses.add(upload(BOARD, s.bytes()).statusCode()));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(statuses).hasSize(6).containsOnly(200, 201);
        assertThat(statuses.stream().filter(x -> x == 201).count()).isEqualTo(1);
        assertThat(ImageRows.content(s.digest())).isEqualTo(s.bytes());
    }

    @Test
    void untrustedKeyIsRefusedWithTheReasonAndNothingStored() {
        Signed s = TestImages.signed(4000, RUN + 4, "1.0.0", TestImages.strangerKey());
        made.add(s.digest());
        long before = ImageRows.count();
        Response r = upload(BOARD, s.bytes());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("type")).isEqualTo(PROBLEMS + "untrusted-image");
        assertThat(r.jsonPath().getString("detail"))
                .contains("otalab-test-ec-p256: Image names a different public key than the given key");
        assertThat(ImageRows.image(s.digest())).isNull();
        assertThat(ImageRows.count()).isEqualTo(before);
    }

    @Test
    void brokenSignatureIsUntrusted() {
        Signed s = image(4000, 5, "1.0.0");
        byte[] b = s.bytes().clone();
        b[b.length - 10] ^= 0x01; // inside the ECDSA signature (last TLV): the hash still holds
        Response r = upload(BOARD, b);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
        assertThat(r.jsonPath().getString("detail")).contains("No signature found for the given key");
        assertThat(ImageRows.image(s.digest())).isNull();
    }

    @Test
    void corruptTruncatedAndGarbageAreBadImages() {
        Signed s = image(6000, 6, "1.0.0");
        long before = ImageRows.count();

        byte[] flipped = s.bytes().clone();
        flipped[0x400 + 100] ^= 0x40; // payload byte: the hash no longer matches
        assertBadImage(upload(BOARD, flipped), "Image has an invalid hash");

        byte[] truncated = Arrays.copyOf(s.bytes(), s.bytes().length / 2);
        assertBadImage(upload(BOARD, truncated), "Malformed image");

        byte[] garbage = new byte[5000];
        new Random(7).nextBytes(garbage);
        assertBadImage(upload(BOARD, garbage), "Invalid image magic");

        assertBadImage(upload(BOARD, new byte[] {1, 2, 3}), "shorter than an image header");
        assertBadImage(upload(BOARD, new byte[0]), "empty");
        assertThat(ImageRows.image(s.digest())).isNull();
        assertThat(ImageRows.count()).isEqualTo(before);
    }

    private static void assertBadImage(Response r, String detail) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.jsonPath().getString("type")).isEqualTo(PROBLEMS + "bad-image");
        assertThat(r.jsonPath().getString("detail")).contains(detail);
    }

    @Test
    void boardIsRequiredAndChecked() {
        Signed s = image(2000, 8, "1.0.0");
        Response none = given().contentType("application/octet-stream").body(s.bytes()).post("/api/v1/images");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.jsonPath().getString("detail")).contains("'board' is required");
        for (String bad : List.of("a/b", "x+", "#", "A".repeat(48), "with space")) {
            Response r = upload(bad, s.bytes());
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.jsonPath().getString("type")).isEqualTo(PROBLEMS + "bad-request");
        }
        assertThat(ImageRows.image(s.digest())).isNull();
    }

    @Test
    void sizeLimitIsEnforced() throws Exception {
        // A client announcing a body over the limit gets 413 problem JSON before it sends the body
        // (the service does not read 8 MiB it would refuse anyway).
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            String head = "POST /api/v1/images?board=" + BOARD + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + (8 * 1024 * 1024 + 1) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[1000]);
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            JsonPath json = JsonPath.from(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(json.getString("type")).isEqualTo(PROBLEMS + "image-too-large");
            assertThat(json.getString("detail")).contains("8388609").contains("8388608");
        }
    }

    @Test
    void unknownAndMalformedDigests() {
        String unknown = "ab".repeat(32);
        for (String path : List.of("/api/v1/images/" + unknown, "/api/v1/images/" + unknown + "/meta",
                "/api/v1/images/not-a-digest", "/api/v1/images/not-a-digest/meta")) {
            Response r = given().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.jsonPath().getString("type")).isEqualTo(PROBLEMS + "not-found");
        }
        Response del = given().delete("/api/v1/images/" + unknown);
        assertThat(del.statusCode()).isEqualTo(404);
    }

    @Test
    void deleteRemovesRowBytesAndCache() {
        Signed s = image(7000, 9, "3.0.0");
        assertThat(upload(BOARD, s.bytes()).statusCode()).isEqualTo(201);
        assertThat(given().get("/api/v1/images/" + s.digest()).asByteArray()).isEqualTo(s.bytes()); // now cached
        assertThat(given().delete("/api/v1/images/" + s.digest()).statusCode()).isEqualTo(204);
        assertThat(ImageRows.image(s.digest())).isNull();
        assertThat(ImageRows.content(s.digest())).isNull();
        assertThat(given().get("/api/v1/images/" + s.digest()).statusCode()).isEqualTo(404);
        assertThat(given().get("/api/v1/images/" + s.digest() + "/meta").statusCode()).isEqualTo(404);
        // and it can be stored again
        assertThat(upload(BOARD, s.bytes()).statusCode()).isEqualTo(201);
    }

    @Test
    void wrongMediaTypeIsProblemJson() {
        Response r = given().contentType("text/plain").body("hello").queryParam("board", BOARD).post("/api/v1/images");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.jsonPath().getString("type")).isEqualTo(PROBLEMS + "unsupported-media-type");
    }
}
