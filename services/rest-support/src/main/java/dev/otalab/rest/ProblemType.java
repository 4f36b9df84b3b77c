package dev.otalab.rest;

/**
 * A kind of problem a service answers with. Each service keeps its own catalogue (usually an enum
 * implementing this); the {@link #uri()} is stable API that clients branch on.
 */
public interface ProblemType {

    /** Prefix of every otalab type URI. The URIs identify; they need not resolve. */
    String PREFIX = "https://otalab.dev/problems/";

    String uri();

    String title();

    int status();

    /** A type outside an enum, e.g. one adapted from another catalogue. */
    static ProblemType of(String uri, String title, int status) {
        record Simple(String uri, String title, int status) implements ProblemType {
        }
        return new Simple(uri, title, status);
    }
}
