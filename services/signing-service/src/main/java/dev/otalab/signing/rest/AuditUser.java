package dev.otalab.signing.rest;

import dev.otalab.signing.service.ProblemException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.regex.Pattern;

/**
 * Who a signature is recorded for: the authenticated principal when there is one (it cannot be
 * claimed by a header), else the {@value #HEADER} header a build script sets, else "anonymous".
 */
final class AuditUser {

    static final String HEADER = "X-Otalab-User";
    static final String ANONYMOUS = "anonymous";
    private static final Pattern PRINTABLE = Pattern.compile("[\\p{Print}&&[^\\p{Cntrl}]]{1,200}");

    private AuditUser() {
    }

    static String of(SecurityContext security, String header) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
            return principal.getName();
        }
        if (header == null || header.isBlank()) {
            return ANONYMOUS;
        }
        String user = header.trim();
        if (!PRINTABLE.matcher(user).matches()) {
            throw ProblemException.badRequest(HEADER + " must be 1 to 200 printable ASCII characters");
        }
        return user;
    }
}
