package dev.otalab.rest;

import jakarta.enterprise.context.ApplicationScoped;

/** A service's catalogue in miniature: 405 deliberately has no type (about:blank). */
@ApplicationScoped
public class TestCatalog implements ProblemCatalog {

    enum Type implements ProblemType {
        BAD_REQUEST("bad-request", "Bad request", 400),
        NOT_FOUND("not-found", "Not found", 404),
        TOO_LARGE("test-too-large", "Too large", 413),
        INTERNAL_ERROR("internal-error", "Internal error", 500);

        private final Spec spec;

        Type(String slug, String title, int status) {
            this.spec = Spec.of(slug, title, status);
        }

        @Override
        public Spec spec() {
            return spec;
        }
    }

    @Override
    public ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> Type.BAD_REQUEST;
            case 404 -> Type.NOT_FOUND;
            case 413 -> Type.TOO_LARGE;
            default -> status >= 500 ? Type.INTERNAL_ERROR : null;
        };
    }

    @Override
    public String bodyLimitProperty() {
        return "test.max-size";
    }
}
