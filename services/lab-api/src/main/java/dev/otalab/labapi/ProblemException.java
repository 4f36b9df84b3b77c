package dev.otalab.labapi;

import java.util.Objects;

/**
 * Carries a {@link Problem} through code that is not HTTP-aware. Services map it to a response with
 * the problem's status and {@value Problem#MEDIA_TYPE} body; REST clients of the lab API can turn an
 * error response back into one, so both ends speak in {@code ProblemTypes}.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Throwable cause) {
        super(message(Objects.requireNonNull(problem, "problem")), cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** Whether this carries a problem of the given {@link ProblemTypes} type. */
    public boolean is(String type) {
        return type.equals(problem.type());
    }

    private static String message(Problem p) {
        return p.status() + " " + p.title() + (p.detail() == null ? "" : ": " + p.detail());
    }
}
