package dev.otalab.mcuboot.hex;

import dev.otalab.mcuboot.McubootException;

/**
 * A malformed Intel HEX text. The message is one line and starts with {@code line N:} (1-based,
 * counting every line of the input, blank ones included) naming where and what is wrong.
 */
public class HexFormatException extends McubootException {

    private final int line;

    public HexFormatException(int line, String what) {
        super("line " + line + ": " + what);
        this.line = line;
    }

    /** The 1-based line the problem was found on. */
    public int line() {
        return line;
    }
}
