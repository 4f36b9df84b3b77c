package dev.otalab.emulator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Errors the framework raises leave as problem JSON too; OpenAPI and health are published. */
@QuarkusTest
class FrameworkProblemTest {

    @Test
    void unknownPathIsNotFoundProblem() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://otalab.dev/problems/not-found"))
                .body("status", equalTo(404))
                .body("instance", equalTo("/api/v1/nothing-here"));
    }

    @Test
    void openApiDocumentListsTheContract() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/boards/{id}/uart/expect"))
                .body("paths", hasKey("/api/v1/boards/{id}/uart/stream"))
                .body("paths", hasKey("/api/v1/boards/{id}/slots"))
                .body("paths.'/api/v1/boards'", hasKey("post"))
                .body("paths.'/api/v1/boards/{id}'", hasKey("delete"));
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("emulator"));
    }
}
