package dev.otalab.controller.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.labapi.Problem;

/**
 * Request bodies that reject unknown fields. Quarkus' mapper ignores them (and must, for lab-api
 * answers from newer agents), so operator and lease requests are read as a tree and bound here.
 */
final class StrictJson {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StrictJson() {
    }

    /** The body bound to {@code type}; 400 naming the problem when it is missing or does not fit. */
    static <T> T read(JsonNode body, Class<T> type, String shape) {
        if (body == null || body.isNull()) {
            throw new ProblemResponse(Problem.badRequest("a JSON body " + shape + " is required"));
        }
        try {
            return STRICT.treeToValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProblemResponse(ProblemMappers.badJson(e));
        }
    }
}
