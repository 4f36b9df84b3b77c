package dev.otalab.rest;

/**
 * A kind of problem a service answers with. Each service keeps its own catalogue, usually an enum
 * whose constants hold a {@link Spec}; the {@link #uri()} is stable API that clients branch on.
 */
public interface ProblemType {

    /** Prefix of every otalab type URI. The URIs identify; they need not resolve. */
    String PREFIX = "https://otalab.dev/problems/";

    Spec spec();

    default String uri() {
        return spec().uri();
    }

    default String title() {
        return spec().title();
    }

    default int status() {
        return spec().status();
    }

    /** What a type says about itself. */
    record Spec(String uri, String title, int status) {

        /** The spec of an otalab type: {@link #PREFIX} + {@code slug}. */
        public static Spec of(String slug, String title, int status) {
            return new Spec(PREFIX + slug, title, status);
        }
    }

    /** A type outside an enum, e.g. one adapted from another catalogue. */
    static ProblemType of(String uri, String title, int status) {
        Spec spec = new Spec(uri, title, status);
        return () -> spec;
    }
}
