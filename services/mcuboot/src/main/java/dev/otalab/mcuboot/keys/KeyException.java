package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.McubootException;

/** A key file or key operation failed because of its input; the message is one line, fit for a user. */
public class KeyException extends McubootException {

    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
