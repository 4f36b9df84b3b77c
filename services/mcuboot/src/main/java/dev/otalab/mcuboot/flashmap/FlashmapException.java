package dev.otalab.mcuboot.flashmap;

import dev.otalab.mcuboot.McubootException;

/**
 * A flashmap (or platform file) that cannot be used. The message is one line of the form
 * {@code <source>: <field>: <problem>}, where {@code field} is the JSON path of the offending
 * value, for example {@code boot_and_upgrade.application_1.upgrade_size.value}, or
 * {@code (document)} when the file as a whole is at fault.
 */
public class FlashmapException extends McubootException {

    private final String source;
    private final String field;

    public FlashmapException(String source, String field, String problem) {
        this(source, field, problem, null);
    }

    public FlashmapException(String source, String field, String problem, Throwable cause) {
        super(oneLine(source + ": " + field + ": " + problem), cause);
        this.source = source;
        this.field = field;
    }

    /** The file (or name given to {@code parse}) the problem is in. */
    public String source() {
        return source;
    }

    /** JSON path of the offending value, or {@code (document)}. */
    public String field() {
        return field;
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }
}
