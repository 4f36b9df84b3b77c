package dev.otalab.signing;

import static dev.otalab.signing.ApiTestSupport.app;
import static dev.otalab.signing.ApiTestSupport.signRequest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refused sign request: problem JSON with a stable type, and no audit row. */
@QuarkusTest
@TestProfile(SigningTestProfile.class)
class SignErrorsTest {

    static final String USER = AuditRows.newUser("signerr");
    static final String P = "https://otalab.dev/problems/";
    static final byte[] APP = app(4000, 11);

    @BeforeAll
    static void filters() {
        ApiTestSupport.install();
    }

    @AfterEach
    void nothingRecorded() {
        assertThat(AuditRows.count(USER)).as("audit rows of refused requests").isZero();
    }

    @AfterAll
    static void cleanUp() {
        AuditRows.deleteUser(USER);
    }

    private static ValidatableResponse refused(RequestSpecification request, int status, String type) {
        return request.when().post("/api/v1/sign").then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo(P + type))
                .body("status", equalTo(status))
                .body("instance", equalTo("/api/v1/sign"));
    }

    private static ValidatableResponse refused(String options, int status, String type) {
        return refused(signRequest(USER, APP, "app.bin", options), status, type);
    }

    @Test
    void unknownKeyIs404() {
        refused("{\"keyId\":\"prod-key\",\"version\":\"1.0.0\",\"slotSize\":\"0x20000\"}", 404, "unknown-key")
                .body("detail", containsString("no key 'prod-key'"))
                .body("detail", containsString("otalab-test-ec-p256"));
    }

    @Test
    void badVersionIs400WithTheLibraryMessage() {
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1.x\",\"slotSize\":\"0x20000\"}", 400, "bad-request")
                .body("detail", equalTo("version: Invalid version number '1.x', should be "
                        + "maj.min.rev+build with later parts optional"));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"256.0.0\",\"slotSize\":\"0x20000\"}", 400,
                "bad-request").body("detail", containsString("major 256 is out of range"));
    }

    @Test
    void imageLargerThanTheSlotIs400NamingIt() {
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1.0.0\",\"slotSize\":\"0x1000\"}", 400,
                "image-too-large")
                .body("detail", containsString("app.bin does not fit the slot"))
                .body("detail", containsString("exceeds requested size 0x1000"));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1.0.0\",\"slotSize\":\"0x2000000\"}", 400,
                "bad-request").body("detail", containsString("slotSize"));
    }

    @Test
    void malformedOptionsAre400() {
        refused("{\"keyId\":", 400, "bad-request").body("detail", containsString("options: Unexpected end-of-input"));
        refused("[1,2]", 400, "bad-request").body("detail", containsString("options:"));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotsize\":1}", 400, "bad-request")
                .body("detail", containsString("slotsize"));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\",\"align\":3}", 400,
                "bad-request").body("detail", equalTo("align: '3' is not one of 1, 2, 4, 8, 16, 32"));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"lots\"}", 400, "bad-request")
                .body("detail", containsString("slotSize: 'lots' is not"));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\","
                + "\"customTlvs\":{\"0x10\":\"x\"}}", 400, "bad-request").body("detail", containsString("0x0010"));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\","
                + "\"customTlvs\":{\"0xa0\":\"0xabc\"}}", 400, "bad-request")
                .body("detail", equalTo("customTlvs.0xa0: Custom TLV length is odd."));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\","
                + "\"dependencies\":\"nonsense\"}", 400, "bad-request").body("detail", containsString("dependencies"));
        refused("{\"version\":\"1\",\"slotSize\":\"0x20000\"}", 400, "bad-request")
                .body("detail", equalTo("keyId is required"));
        refused("{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\",\"sha\":\"512\"}",
                400, "bad-request").body("detail", containsString("cannot be used with --sha 512"));
    }

    @Test
    void brokenMultipartIs400() {
        refused(given().header("X-Otalab-User", USER)
                .multiPart("options", "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":1}"),
                400, "bad-request").body("detail", containsString("'image'"));
        refused(given().header("X-Otalab-User", USER).multiPart("image", "a.bin", APP), 400, "bad-request")
                .body("detail", containsString("'options'"));
        refused(given().header("X-Otalab-User", USER)
                .config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().encodeContentTypeAs("multipart/form-data", ContentType.TEXT)))
                .contentType("multipart/form-data; boundary=xyz")
                .body("--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\nabc"),
                400, "bad-request");
        given().header("X-Otalab-User", USER).contentType("application/json").body("{}")
                .post("/api/v1/sign").then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo(P + "unsupported-media-type"));
    }

    @Test
    void badImagesAre400() {
        String options = "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\"}";
        refused(signRequest(USER, new byte[0], "app.bin", options), 400, "bad-image")
                .body("detail", equalTo("app.bin is empty"));
        refused(signRequest(USER, ":10000000zz\n".getBytes(StandardCharsets.US_ASCII), "app.hex", options), 400,
                "bad-image").body("detail", containsString("line 1"));
        // HEX records 4 GB apart must not make the service allocate 4 GB
        String spread = ":020000040000FA\n:0100000001FE\n:02000004FFFFFC\n:01FFF000010F\n:00000001FF\n";
        refused(signRequest(USER, spread.getBytes(StandardCharsets.US_ASCII), "app.hex", options), 400,
                "image-too-large");
        refused(signRequest(USER, APP, "app.bin",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\",\"padHeader\":false}"),
                400, "bad-image")
                .body("detail", equalTo("app.bin: Header padding was not requested and image does not start with zeros"));
        refused(signRequest(USER, APP, "app.bin",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\",\"outputFormat\":\"hex\"}"),
                400, "bad-request").body("detail", containsString("needs hexAddress"));
    }

    @Test
    void keysThatCannotSignAre409() {
        refused("{\"keyId\":\"otalab-test-ec-p256.pub\",\"version\":\"1\",\"slotSize\":\"0x20000\"}", 409,
                "key-unavailable").body("detail", containsString("public only"));
        refused("{\"keyId\":\"broken\",\"version\":\"1\",\"slotSize\":\"0x20000\"}", 409, "key-unavailable")
                .body("detail", containsString("could not be loaded"));
    }

    @Test
    void aBadUserHeaderIs400() {
        refused(signRequest("x".repeat(201), APP, "app.bin",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\"}"), 400, "bad-request")
                .body("detail", containsString("X-Otalab-User"));
    }

    @Test
    void requestsOverTheBodyLimitAre413() {
        byte[] huge = new byte[16 * 1024 * 1024 + 1];
        refused(signRequest(USER, huge, "huge.bin",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\"}"), 413,
                "payload-too-large").body("detail", containsString("exceeds the limit of 16777216 bytes"));
        // just under the limit is read, and refused for what it is
        byte[] large = new byte[16 * 1024 * 1024 - 4096];
        refused(signRequest(USER, large, "large.bin",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\"}"), 400,
                "image-too-large");
    }

    @Test
    void frameworkErrorsAreProblemsToo() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(P + "not-found"));
        given().get("/api/v1/sign").then().statusCode(405).contentType("application/problem+json")
                .body("type", equalTo(P + "method-not-allowed"));
        given().queryParam("limit", "many").get("/api/v1/signatures").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(P + "bad-request"))
                .body("detail", containsString("limit"));
        given().queryParam("digest", "xyz").get("/api/v1/signatures").then().statusCode(400)
                .body("type", equalTo(P + "bad-request"));
        given().get("/api/v1/signatures/not-a-uuid").then().statusCode(404).body("type", equalTo(P + "not-found"));
        given().get("/api/v1/signatures/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("type", equalTo(P + "not-found"));
    }
}
