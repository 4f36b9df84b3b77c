package dev.otalab.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What the framework raises leaves as problem JSON typed by the service's catalogue. */
@QuarkusTest
class FrameworkProblemMappersTest {

    @Test
    void unknownPathIsNotFound() {
        given().get("/nothing-here").then().statusCode(404)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://otalab.dev/problems/not-found"))
                .body("title", equalTo("Not found"))
                .body("detail", equalTo("no such resource"))
                .body("instance", equalTo("/nothing-here"));
    }

    @Test
    void statusWithoutTypeIsAboutBlank() {
        given().delete("/t/boom").then().statusCode(405)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("HTTP 405"))
                .body("detail", equalTo("method not allowed on this resource"));
    }

    @Test
    void malformedJsonIsBadRequestWithoutLocation() {
        given().contentType("application/json").body("{\"name\":").post("/t/body").then().statusCode(400)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://otalab.dev/problems/bad-request"))
                .body("detail", not(containsString("\n")))
                .body("instance", equalTo("/t/body"));
    }

    @Test
    void dtoCheckMessageIsTheDetail() {
        given().contentType("application/json").body("{\"name\":\" \"}").post("/t/body").then().statusCode(400)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://otalab.dev/problems/bad-request"))
                .body("detail", equalTo("name: is required"));
    }

    @Test
    void mistypedFieldIsBadRequest() {
        given().contentType("application/json").body("{\"name\":[1]}").post("/t/body").then().statusCode(400)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://otalab.dev/problems/bad-request"));
    }

    @Test
    void unconvertibleQueryParamIsBadRequest() {
        given().queryParam("n", "seven").get("/t/count").then().statusCode(400)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://otalab.dev/problems/bad-request"));
    }

    @Test
    void unsupportedMediaTypeKeepsQuarkusDetail() {
        given().contentType("text/plain").body("x").post("/t/body").then().statusCode(415)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("about:blank"))
                .body("detail", containsString("@Consumes"));
    }

    @Test
    void otherServerStatusIsInternalErrorKeepingItsStatusAndMessage() {
        given().get("/t/gateway").then().statusCode(502)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://otalab.dev/problems/internal-error"))
                .body("status", equalTo(502))
                .body("detail", equalTo("upstream answered nonsense"));
    }

    @Test
    void unexpectedErrorNamesAnIncidentNotTheException() {
        given().get("/t/boom").then().statusCode(500)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://otalab.dev/problems/internal-error"))
                .body("detail", matchesPattern("unexpected error; the service log names incident [0-9a-f-]{36}"))
                .body("detail", not(containsString("secret")));
    }

    @Test
    void declaredBodyPastTheLimitIs413ProblemNamingTheSetting() {
        given().contentType("application/json").body("{\"name\":\"" + "x".repeat(2000) + "\"}")
                .post("/t/body").then().statusCode(413)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://otalab.dev/problems/test-too-large"))
                .body("detail", containsString("exceeds the limit of 1024 bytes (test.max-size)"));
    }
}
