package dev.otalab.jobs.rest;

import dev.otalab.jobs.service.ProblemException;

/** The {@code limit} query parameter. */
final class Limits {

    private Limits() {
    }

    static int parse(String text, int fallback) {
        return parse(text, fallback, 1000);
    }

    static int parse(String text, int fallback, int max) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.badRequest("limit must be an integer 1.." + max + ", not '" + text + "'");
    }
}
