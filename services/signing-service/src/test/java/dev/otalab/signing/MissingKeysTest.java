package dev.otalab.signing;

import static dev.otalab.signing.ApiTestSupport.app;
import static dev.otalab.signing.ApiTestSupport.signRequest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A missing key directory: the service starts, says it is not ready, and answers 409 no-keys. */
@QuarkusTest
@TestProfile(MissingKeysProfile.class)
class MissingKeysTest {

    static final String USER = AuditRows.newUser("nokeys");
    static final String NO_KEYS = "https://otalab.dev/problems/no-keys";

    @AfterAll
    static void cleanUp() {
        AuditRows.deleteUser(USER);
    }

    @Test
    void notReadyAndEveryKeyedRequestIs409() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'signing-keys' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'signing-keys' }.data.problem", containsString("does not exist"));
        given().get("/api/v1/keys").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(NO_KEYS))
                .body("detail", containsString(MissingKeysProfile.DIR.toString()));
        signRequest(USER, app(100, 1), "a.bin", "{\"keyId\":\"otalab-test-ec-p256\",\"version\":\"1\",\"slotSize\":4096}")
                .post("/api/v1/sign").then().statusCode(409).body("type", equalTo(NO_KEYS));
        given().contentType("application/octet-stream").body(app(100, 1)).post("/api/v1/verify")
                .then().statusCode(409).body("type", equalTo(NO_KEYS));
        assertThat(AuditRows.count(USER)).isZero();
        // the audit log does not need keys
        given().queryParam("signedBy", USER).get("/api/v1/signatures").then().statusCode(200);
    }
}
