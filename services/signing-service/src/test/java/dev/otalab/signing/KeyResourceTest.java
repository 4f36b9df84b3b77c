package dev.otalab.signing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.otalab.mcuboot.image.ImageHash;
import dev.otalab.mcuboot.keys.McubootKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SigningTestProfile.class)
class KeyResourceTest {

    @BeforeAll
    static void filters() {
        ApiTestSupport.install();
    }

    @Test
    void listsEveryReadableKeyWithPublicPartsOnly() {
        String body = given().get("/api/v1/keys").then().statusCode(200).contentType("application/json")
                .extract().asString();
        assertThat(body).doesNotContain("PRIVATE KEY");
        JsonPath json = JsonPath.from(body);
        assertThat(json.getList("id", String.class)).containsExactly(
                SigningTestProfile.P256, SigningTestProfile.P256_PUBLIC, SigningTestProfile.ED25519);
        assertThat(json.getList("type", String.class)).containsExactly("ecdsa-p256", "ecdsa-p256", "ed25519");
        assertThat(json.getList("canSign", Boolean.class)).containsExactly(true, false, true);

        for (Map<String, Object> k : json.<Map<String, Object>>getList("")) {
            assertThat(k.keySet()).containsExactlyInAnyOrder("id", "type", "canSign", "publicKeyPem", "keyHash");
            McubootKey fromFile = SigningTestProfile.key((String) k.get("id"));
            McubootKey published = McubootKey.parse((String) k.get("publicKeyPem"), null);
            assertThat(published.hasPrivateKey()).isFalse();
            assertThat(published.publicKeyBytes()).isEqualTo(fromFile.publicKeyBytes());
            assertThat(k.get("keyHash"))
                    .isEqualTo(HexFormat.of().formatHex(ImageHash.SHA256.digest(fromFile.publicKeyBytes())));
        }
        // imgtool getpubhash of the repository's test key
        assertThat(json.getString("find { it.id == 'otalab-test-ec-p256' }.keyHash"))
                .isEqualTo(json.getString("find { it.id == 'otalab-test-ec-p256.pub' }.keyHash"));
    }

    @Test
    void oneKeyByIdAndUnknownOrBrokenIds() {
        given().get("/api/v1/keys/test-ed25519").then().statusCode(200)
                .body("id", equalTo("test-ed25519")).body("type", equalTo("ed25519"));
        given().get("/api/v1/keys/none").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://otalab.dev/problems/unknown-key"));
        given().get("/api/v1/keys/broken").then().statusCode(409)
                .body("type", equalTo("https://otalab.dev/problems/key-unavailable"));
        assertThat(given().get("/api/v1/keys").then().extract().jsonPath().getList("id"))
                .doesNotContain("broken", "README");
    }

    @Test
    void healthOpenApiAndMetricsAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(ready.getString("status")).isEqualTo("UP");
        List<String> checks = ready.getList("checks.name");
        assertThat(checks).contains("signing-keys", "Reactive PostgreSQL connections health check");
        assertThat(ready.getInt("checks.find { it.name == 'signing-keys' }.data.keys")).isEqualTo(3);
        assertThat(ready.getString("checks.find { it.name == 'signing-keys' }.data.unavailable")).isEqualTo("broken");

        String openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertThat(openapi).contains("/api/v1/sign", "/api/v1/verify", "/api/v1/keys", "/api/v1/signatures",
                "multipart/form-data", "application/problem+json");
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void flywayOwnsTheSigningSchema() {
        List<Map<String, Object>> history = AuditRows.query(
                "select version, success from signing.flyway_schema_history where version is not null order by installed_rank");
        assertThat(history).isNotEmpty();
        assertThat(history.get(0)).containsEntry("version", "1").containsEntry("success", true);
        assertThat(AuditRows.query("select table_schema from information_schema.tables "
                + "where table_name = 'signature_record'"))
                .extracting(r -> r.get("table_schema")).containsExactly("signing");
    }
}
