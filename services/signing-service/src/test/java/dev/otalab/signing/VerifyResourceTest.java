package dev.otalab.signing;

import static dev.otalab.signing.ApiTestSupport.app;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import dev.otalab.mcuboot.sign.SignedImage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/verify}. Images are signed with the library here, so verification is tested
 * independently of the signing endpoint (and writes no audit rows).
 */
@QuarkusTest
@TestProfile(SigningTestProfile.class)
class VerifyResourceTest {

    static final String P = "https://otalab.dev/problems/";

    @BeforeAll
    static void filters() {
        ApiTestSupport.install();
    }

    private static SignedImage signed(McubootKey key, String version) {
        return ImageSigner.sign(app(3000, 21), null, SignOptions.builder().key(key).version(version)
                .headerSize(0x400).padHeader(true).slotSize(0x20000).build());
    }

    private static ValidatableResponse verifyRaw(byte[] image, String keyId) {
        var request = given().contentType("application/octet-stream").body(image);
        if (keyId != null) {
            request.queryParam("keyId", keyId);
        }
        return request.post("/api/v1/verify").then().contentType("application/json");
    }

    @Test
    void aGoodImageVerifiesWithTheFirstKnownKeyThatHolds() {
        SignedImage image = signed(SigningTestProfile.key(SigningTestProfile.P256), "1.2.3+9");
        String digest = HexFormat.of().formatHex(image.digest());
        verifyRaw(image.toBinary(), null).statusCode(200)
                .body("valid", equalTo(true))
                .body("status", equalTo("OK"))
                .body("lines", contains("Image was correctly validated", "Image version: 1.2.3+9",
                        "Image digest: " + digest))
                .body("version", equalTo("1.2.3+9"))
                .body("digest", equalTo(digest))
                .body("keyId", equalTo("otalab-test-ec-p256"))
                .body("keyType", equalTo("ecdsa-p256"));
        // Ed25519: the P-256 keys are tried first and fail
        SignedImage ed = signed(SigningTestProfile.key(SigningTestProfile.ED25519), "2.0.0");
        verifyRaw(ed.toBinary(), null).statusCode(200)
                .body("valid", equalTo(true))
                .body("keyId", equalTo("test-ed25519"))
                .body("keysTried", equalTo(List.of("otalab-test-ec-p256", "otalab-test-ec-p256.pub", "test-ed25519")));
    }

    @Test
    void anExplicitKeyIsTheOnlyOneTried() {
        byte[] image = signed(SigningTestProfile.key(SigningTestProfile.P256), "1.0.0").toBinary();
        verifyRaw(image, "otalab-test-ec-p256.pub").statusCode(200)
                .body("valid", equalTo(true)).body("keyId", equalTo("otalab-test-ec-p256.pub"));
        verifyRaw(image, "test-ed25519").statusCode(200)
                .body("valid", equalTo(false))
                .body("status", equalTo("KEY_HASH_MISMATCH"))
                .body("keysTried", equalTo(List.of("test-ed25519")));
    }

    @Test
    void aCorruptedImageIsRefusedWithImgtoolsLine() {
        byte[] image = signed(SigningTestProfile.key(SigningTestProfile.P256), "1.0.0").toBinary();
        image[0x400 + 100] ^= 0x01; // one payload bit
        verifyRaw(image, null).statusCode(200)
                .body("valid", equalTo(false))
                .body("status", equalTo("INVALID_HASH"))
                .body("lines", contains("Image has an invalid hash"))
                .body("digest", nullValue())
                .body("keyId", nullValue());
        verifyRaw(image, "otalab-test-ec-p256").statusCode(200)
                .body("valid", equalTo(false)).body("lines", contains("Image has an invalid hash"));
    }

    /** Decision: anything read as bytes is answered with a status (200); only unreadable input is a 400. */
    @Test
    void notAnImageIs200WithStatus() {
        verifyRaw("hello, world, this is not firmware".getBytes(StandardCharsets.US_ASCII), null).statusCode(200)
                .body("valid", equalTo(false))
                .body("status", equalTo("INVALID_MAGIC"))
                .body("lines", contains("Invalid image magic; is this an MCUboot image?"));
        verifyRaw(app(10, 1), null).statusCode(200).body("valid", equalTo(false));
    }

    @Test
    void anImageSignedByAnUnknownKeyHasNoSignature() {
        byte[] image = signed(McubootKey.generate(KeyType.ED25519), "1.0.0").toBinary();
        verifyRaw(image, null).statusCode(200)
                .body("valid", equalTo(false))
                .body("status", equalTo("INVALID_SIGNATURE"))
                .body("lines", contains("No signature found for the given key"));
        byte[] unsigned = ImageSigner.sign(app(100, 2), null, SignOptions.builder().version("1")
                .headerSize(0x400).padHeader(true).slotSize(0x20000).build()).toBinary();
        verifyRaw(unsigned, null).statusCode(200).body("valid", equalTo(false)).body("status", equalTo("INVALID_SIGNATURE"));
    }

    @Test
    void hexAndMultipartUploadsWork() {
        SignedImage image = signed(SigningTestProfile.key(SigningTestProfile.P256), "4.5.6");
        MemoryImage memory = new MemoryImage();
        image.toHexChunks(0x10028000L).forEach(c -> memory.put(c.address(), c.bytes()));
        byte[] hex = IntelHex.write(memory).getBytes(StandardCharsets.US_ASCII);
        verifyRaw(hex, null).statusCode(200).body("valid", equalTo(true)).body("version", equalTo("4.5.6+0"));
        given().multiPart("image", "signed.hex", hex).multiPart("keyId", "otalab-test-ec-p256")
                .post("/api/v1/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("keysTried", equalTo(List.of("otalab-test-ec-p256")));
        given().multiPart("image", "signed.bin", image.toBinary()).post("/api/v1/verify").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void unusableRequestsAreProblems() {
        byte[] image = signed(SigningTestProfile.key(SigningTestProfile.P256), "1.0.0").toBinary();
        given().contentType("application/octet-stream").body(image).queryParam("keyId", "nope")
                .post("/api/v1/verify").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(P + "unknown-key"));
        given().contentType("application/octet-stream").body(new byte[0])
                .post("/api/v1/verify").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(P + "bad-image"));
        given().contentType("application/octet-stream").body(":0100000001\n".getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/verify").then().statusCode(400).body("type", equalTo(P + "bad-image"));
        given().multiPart("keyId", "otalab-test-ec-p256").post("/api/v1/verify").then().statusCode(400)
                .body("type", equalTo(P + "bad-request"));
        given().contentType("application/octet-stream").body(image).queryParam("keyId", "broken")
                .post("/api/v1/verify").then().statusCode(409).body("type", equalTo(P + "key-unavailable"));
    }
}
