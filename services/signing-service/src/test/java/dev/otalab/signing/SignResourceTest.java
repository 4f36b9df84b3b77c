package dev.otalab.signing;

import static dev.otalab.signing.ApiTestSupport.app;
import static dev.otalab.signing.ApiTestSupport.signRequest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import dev.otalab.mcuboot.image.ImageFlags;
import dev.otalab.mcuboot.image.ImageVersion;
import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.mcuboot.image.Tlv;
import dev.otalab.mcuboot.image.TlvTypes;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.Dependency;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import dev.otalab.mcuboot.verify.ImageVerifier;
import dev.otalab.mcuboot.verify.VerifyResult;
import dev.otalab.mcuboot.verify.VerifyStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SigningTestProfile.class)
class SignResourceTest {

    static final String USER = AuditRows.newUser("sign");
    static final String APP_JSON = "{\"app\":\"blinky\",\"blinkMs\":250,\"confirm\":true,\"banner\":\"hello \\u00e9\"}";

    @BeforeAll
    static void filters() {
        ApiTestSupport.install();
    }

    @AfterAll
    static void cleanUp() {
        AuditRows.deleteUser(USER);
    }

    private static ExtractableResponse<Response> sign(byte[] image, String fileName, String options) {
        return signRequest(USER, image, fileName, options)
                .when().post("/api/v1/sign")
                .then().statusCode(201).contentType("application/octet-stream")
                .extract();
    }

    @Test
    void signsWithTheP256KeyAndRecordsTheSignature() {
        byte[] input = app(3000, 1);
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(5);
        ExtractableResponse<Response> r = sign(input, "blinky.bin",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1.2.3+4\",\"slotSize\":\"0x20000\"}");
        byte[] signed = r.asByteArray();

        VerifyResult verified = ImageVerifier.verify(signed, SigningTestProfile.key(SigningTestProfile.P256_PUBLIC));
        assertThat(verified.status()).isEqualTo(VerifyStatus.OK);
        String digest = HexFormat.of().formatHex(verified.digest());
        assertThat(r.header("X-Image-Digest")).isEqualTo(digest);
        assertThat(r.header("X-Image-Version")).isEqualTo("1.2.3+4");
        assertThat(r.header("X-Key-Id")).isEqualTo("otalab-test-ec-p256");
        assertThat(r.header("X-Key-Type")).isEqualTo("ecdsa-p256");
        assertThat(r.header("Content-Disposition")).contains("blinky.signed.bin");

        McubootImage image = McubootImage.parse(signed);
        assertThat(image.version()).isEqualTo(new ImageVersion(1, 2, 3, 4));
        assertThat(image.header().headerSize()).isEqualTo(0x400);   // service default
        assertThat(signed).hasSize(image.length());                   // not padded
        for (int i = 32; i < 0x400; i++) {
            assertThat(signed[i]).as("--pad-header fill at %d", i).isEqualTo((byte) 0xFF);
        }

        String id = r.header("X-Signature-Id");
        assertThat(r.header("Location")).endsWith("/api/v1/signatures/" + id);
        Map<String, Object> row = AuditRows.byId(id);
        assertThat(row).isNotNull();
        assertThat(row.get("signed_by")).isEqualTo(USER);
        assertThat(row.get("key_id")).isEqualTo("otalab-test-ec-p256");
        assertThat(row.get("key_type")).isEqualTo("ecdsa-p256");
        assertThat(row.get("image_digest")).isEqualTo(digest);
        assertThat(row.get("image_version")).isEqualTo("1.2.3+4");
        assertThat(row.get("image_size")).isEqualTo((long) signed.length);
        assertThat(((OffsetDateTime) row.get("signed_at"))).isAfter(before);

        given().get("/api/v1/signatures/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("signedBy", equalTo(USER))
                .body("imageDigest", equalTo(digest)).body("imageVersion", equalTo("1.2.3+4"))
                .body("keyId", equalTo("otalab-test-ec-p256")).body("imageSize", equalTo(signed.length));
    }

    /** Ed25519 signatures are deterministic: the service must produce the library's bytes exactly. */
    @Test
    void ed25519OutputIsByteIdenticalToTheLibrary() {
        byte[] input = app(5000, 2);
        String options = """
                {"keyId":"test-ed25519","version":"2.0.1+77","slotSize":"0x10000","headerSize":"0x200",
                 "padHeader":true,"confirm":true,"erasedValue":"0","align":8,"maxSectors":512,
                 "loadAddress":"0x10028000","securityCounter":"auto",
                 "dependencies":"(1,1.2.3),(2, 0.9.0+5)","bootRecord":"NSPE",
                 "customTlvs":{"0x00a0":%s,"0xa1":"0xdeadbeef","0x00a2":"plain text"}}
                """.formatted(APP_JSON);
        byte[] signed = sign(input, "app.bin", options).asByteArray();

        McubootKey key = SigningTestProfile.key(SigningTestProfile.ED25519);
        SignOptions expected = SignOptions.builder()
                .key(key).version("2.0.1+77").slotSize(0x10000).headerSize(0x200).padHeader(true)
                .confirm(true).erasedValue(0).align(8).maxSectors(512).loadAddress(0x10028000L)
                .securityCounterAuto()
                .dependencies(Dependency.parseList("(1,1.2.3),(2,0.9.0+5)"))
                .bootRecord("NSPE")
                .customTlv(0xA0, APP_JSON.replace("\\u00e9", "é").getBytes(StandardCharsets.UTF_8))
                .customTlv(0xA1, HexFormat.of().parseHex("deadbeef"))
                .customTlv(0xA2, "plain text".getBytes(StandardCharsets.UTF_8))
                .build();
        byte[] reference = ImageSigner.sign(input, null, expected).toBinary();

        assertThat(signed).hasSize(0x10000);
        assertThat(HexFormat.of().formatHex(signed)).isEqualTo(HexFormat.of().formatHex(reference));
        McubootImage image = McubootImage.parse(signed);
        assertThat(image.header().hasFlag(ImageFlags.RAM_LOAD)).isTrue();
        assertThat(image.protectedTlv(TlvTypes.SEC_CNT).map(Tlv::value).orElseThrow())
                .containsExactly(1, 0, 0, 2); // (2 << 24) + (0 << 16) + 1
    }

    @Test
    void customTlvCarriesTheEmulatedAppJson() {
        byte[] signed = sign(app(1000, 3), "app.bin",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1.0.0\",\"slotSize\":65536,"
                        + "\"customTlvs\":{\"0x00A0\":" + APP_JSON + "}}").asByteArray();
        McubootImage image = McubootImage.parse(signed);
        assertThat(image.emulatedAppJson()).contains(APP_JSON.replace("\\u00e9", "é"));
        assertThat(image.protectedTlv(0xA0).orElseThrow().value())
                .isEqualTo(APP_JSON.replace("\\u00e9", "é").getBytes(StandardCharsets.UTF_8));
        assertThat(ImageVerifier.verify(signed, SigningTestProfile.key(SigningTestProfile.P256)).ok()).isTrue();
    }

    @Test
    void hexOutputAtTheGivenAddressWithTrailer() {
        byte[] input = app(4000, 4);
        ExtractableResponse<Response> r = sign(input, "app.bin",
                "{\"keyId\":\"test-ed25519\",\"version\":\"3.1\",\"slotSize\":\"0x10000\",\"confirm\":true,"
                        + "\"outputFormat\":\"hex\",\"hexAddress\":\"0x18000000\"}");
        String text = r.asString();
        assertThat(text).startsWith(":020000041800E2");
        assertThat(text).endsWith(":00000001FF\n");
        assertThat(r.header("Content-Disposition")).contains("app.signed.hex");
        MemoryImage memory = IntelHex.parse(text);
        assertThat(memory.minAddress()).isEqualTo(0x18000000L);
        assertThat(memory.endAddress()).isEqualTo(0x18000000L + 0x10000);
        McubootImage image = McubootImage.parse(memory.toContiguous(0xFF));
        assertThat(image.version()).isEqualTo(ImageVersion.of(3, 1, 0));

        McubootKey key = SigningTestProfile.key(SigningTestProfile.ED25519);
        byte[] reference = ImageSigner.sign(input, null, SignOptions.builder().key(key).version("3.1")
                .slotSize(0x10000).headerSize(0x400).padHeader(true).confirm(true).build()).image();
        assertThat(memory.read(0x18000000L, reference.length, 0xFF)).isEqualTo(reference);
        // image_ok = 0x01 at slot end - 24, magic in the last 16 bytes (mcuboot-image.md §10)
        assertThat(memory.get(0x18000000L + 0x10000 - 24)).isEqualTo(0x01);
        assertThat(HexFormat.of().formatHex(memory.read(0x18000000L + 0x10000 - 16, 16, 0)))
                .isEqualTo("77c295f360d2ef7f3552500f2cb67980");
    }

    @Test
    void hexInputKeepsItsAddress() {
        byte[] input = app(2000, 5);
        String hex = IntelHex.write(MemoryImage.of(0x10028400L, input));
        ExtractableResponse<Response> r = sign(hex.getBytes(StandardCharsets.US_ASCII), "app.hex",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1.2.3\",\"slotSize\":\"0x20000\","
                        + "\"outputFormat\":\"hex\"}");
        MemoryImage memory = IntelHex.parse(r.asString());
        assertThat(memory.minAddress()).isEqualTo(0x10028000L); // moved down by the padded header
        byte[] bytes = memory.toContiguous(0xFF);
        assertThat(ImageVerifier.verify(bytes, SigningTestProfile.key(SigningTestProfile.P256)).ok()).isTrue();
        McubootImage image = McubootImage.parse(bytes);
        assertThat(image.length()).isEqualTo(bytes.length); // no --pad: the HEX ends with the TLVs
        assertThat(image.header().imageSize()).isEqualTo(input.length);
    }

    @Test
    void auditRecordsAreListedNewestFirstAndFiltered() {
        byte[] input = app(1500, 6);
        String first = sign(input, "a.bin",
                "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"5.0.0\",\"slotSize\":\"0x20000\"}")
                .header("X-Signature-Id");
        ExtractableResponse<Response> second = sign(input, "a.bin",
                "{\"keyId\":\"test-ed25519\",\"version\":\"5.0.1\",\"slotSize\":\"0x20000\"}");
        String digest = second.header("X-Image-Digest");

        given().queryParam("signedBy", USER).queryParam("limit", 500).get("/api/v1/signatures")
                .then().statusCode(200)
                .body("find { it.id == '%s' }.imageVersion".formatted(first), equalTo("5.0.0+0"))
                .body("find { it.id == '%s' }.imageVersion".formatted(second.header("X-Signature-Id")),
                        equalTo("5.0.1+0"));
        given().queryParam("digest", digest.toUpperCase()).get("/api/v1/signatures")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].id", equalTo(second.header("X-Signature-Id")))
                .body("[0].keyId", equalTo("test-ed25519"))
                .body("[0].keyType", equalTo("ed25519"))
                .body("[0].signedBy", equalTo(USER));
        given().queryParam("keyId", "test-ed25519").queryParam("signedBy", USER).get("/api/v1/signatures")
                .then().statusCode(200).body("keyId.unique()", equalTo(List.of("test-ed25519")));
        List<String> newestFirst = given().queryParam("signedBy", USER).get("/api/v1/signatures")
                .then().extract().jsonPath().getList("signedAt");
        assertThat(newestFirst).isSortedAccordingTo((a, b) -> OffsetDateTime.parse(b).compareTo(OffsetDateTime.parse(a)));
        given().queryParam("signedBy", USER).queryParam("limit", 1).get("/api/v1/signatures")
                .then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void withoutAUserHeaderTheSignerIsAnonymous() {
        String id = signRequest(null, app(800, 7), "a.bin",
                        "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":\"0x20000\"}")
                .post("/api/v1/sign").then().statusCode(201).extract().header("X-Signature-Id");
        try {
            assertThat(AuditRows.byId(id).get("signed_by")).isEqualTo("anonymous");
        } finally {
            AuditRows.deleteId(id);
        }
    }

    @Test
    void signaturesAreCountedByKeyType() {
        double before = counter("ed25519");
        sign(app(700, 8), "a.bin", "{\"keyId\":\"test-ed25519\",\"version\":\"1\",\"slotSize\":\"0x20000\"}");
        assertThat(counter("ed25519")).isEqualTo(before + 1);
    }

    static double counter(String keyType) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^otalab_signatures_total\\{[^}]*key_type=\"" + keyType + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
