package dev.otalab.stack.client;

/**
 * A service answered with an error status. {@link #type()} and {@link #detail()} come from its
 * problem JSON (RFC 7807) when the body is one, so callers can assert why a request was refused.
 */
public final class ServiceCallException extends RuntimeException {

    private final int status;
    private final String type;
    private final String detail;
    private final String body;

    public ServiceCallException(String request, int status, String type, String detail, String body) {
        super(request + " answered " + status + (type == null ? "" : " " + type) + ": " + (detail != null ? detail : body));
        this.status = status;
        this.type = type;
        this.detail = detail;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The problem type's last path segment ({@code untrusted-image}), or null when the body was no problem JSON. */
    public String type() {
        return type;
    }

    public String detail() {
        return detail;
    }

    public String body() {
        return body;
    }
}
