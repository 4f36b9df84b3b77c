package dev.otalab.deploycheck;

import java.util.List;
import java.util.stream.Collectors;

/** What check.mjs reported: how many objects it read, and its problems. */
record CheckResult(int objectCount, List<Problem> problems) {

    record Problem(String object, String path, String message) {
        @Override
        public String toString() {
            return object + " " + path + ": " + message;
        }
    }

    /** One line per problem, for assertion messages. */
    String describe() {
        return problems.isEmpty() ? "no problems"
                : problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
