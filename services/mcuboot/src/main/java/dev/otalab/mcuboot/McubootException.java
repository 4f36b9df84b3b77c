package dev.otalab.mcuboot;

/**
 * The library's one typed error. Every failure caused by input (a malformed image, key file,
 * HEX file or flashmap, or a bad option) is reported as this or a subclass, with a message fit
 * to show a user on one line; nothing else is meant to escape the library.
 */
public class McubootException extends RuntimeException {

    public McubootException(String message) {
        super(message);
    }

    public McubootException(String message, Throwable cause) {
        super(message, cause);
    }
}
