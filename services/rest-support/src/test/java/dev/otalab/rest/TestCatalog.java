package dev.otalab.rest;

import jakarta.enterprise.context.ApplicationScoped;

/** A service's catalogue in miniature: no 405 type (about:blank), its own type for 413. */
@ApplicationScoped
public class TestCatalog extends StandardProblemTypes {

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

    public TestCatalog() {
        super(Type.values());
    }

    @Override
    public ProblemType forStatus(int status) {
        return status == 413 ? Type.TOO_LARGE : super.forStatus(status);
    }

    @Override
    public String bodyLimitProperty() {
        return "test.max-size";
    }
}
