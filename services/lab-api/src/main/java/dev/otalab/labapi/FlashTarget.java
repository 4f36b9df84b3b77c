package dev.otalab.labapi;

import java.util.List;
import java.util.Locale;

/**
 * Where {@code program} writes or a flash dump reads: a named flash area or an absolute CPU address.
 * The {@code area} query parameter is parsed with {@link #parse(String)}.
 *
 * <p>Named areas, resolved against the board's flashmap (application 1):
 * <ul>
 * <li>{@code primary}: {@code application_1.address} (the slot the kit boots),</li>
 * <li>{@code secondary}: {@code application_1.upgrade_address} (where an upgrade is staged),</li>
 * <li>{@code factory}: the rollback example's factory-app reserve at QSPI offset 0
 *     ({@code 0x18000000}, 2 MB); only on boards whose bootloader is {@code rollback},</li>
 * <li>{@code bootloader}, {@code scratch}, {@code status}: the bootloader's areas, when the flashmap has them.</li>
 * </ul>
 * An area the board's flashmap lacks is a {@link ProblemTypes#CONFLICT} (409).
 *
 * <p>Addresses are written {@code 0x18000200} (hex, case-insensitive) or in decimal.
 *
 * @param area a name from {@link #AREAS}, or null when {@code address} is given
 * @param address the absolute address, or null when {@code area} is given
 */
public record FlashTarget(String area, Long address) {

    public static final String PRIMARY = "primary";
    public static final String SECONDARY = "secondary";
    public static final String FACTORY = "factory";
    public static final String BOOTLOADER = "bootloader";
    public static final String SCRATCH = "scratch";
    public static final String STATUS = "status";

    /** Area names this contract defines. */
    public static final List<String> AREAS = List.of(PRIMARY, SECONDARY, FACTORY, BOOTLOADER, SCRATCH, STATUS);

    public FlashTarget {
        if ((area == null) == (address == null)) {
            throw new IllegalArgumentException("a flash target is either an area name or an address");
        }
        if (area != null && !AREAS.contains(area)) {
            throw new IllegalArgumentException("unknown flash area '" + area + "', expected one of " + AREAS);
        }
        if (address != null && (address < 0 || address > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("flash address out of the 32-bit range: " + address);
        }
    }

    public static FlashTarget ofArea(String area) {
        return new FlashTarget(area, null);
    }

    public static FlashTarget ofAddress(long address) {
        return new FlashTarget(null, address);
    }

    /**
     * Parses {@code primary}, {@code secondary}, ... (case-insensitive) or an address
     * ({@code 0x18000200} or decimal).
     *
     * @throws IllegalArgumentException for null, blank, an unknown name or a bad number
     */
    public static FlashTarget parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("area is required: one of " + AREAS + " or an address such as 0x18000200");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (AREAS.contains(t)) {
            return ofArea(t);
        }
        long value;
        try {
            value = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("area '" + text + "' is neither one of " + AREAS
                    + " nor an address such as 0x18000200");
        }
        return ofAddress(value);
    }

    public boolean isAddress() {
        return address != null;
    }

    /** The wire form: the area name, or the address as {@code 0x%08x}. */
    @Override
    public String toString() {
        return area != null ? area : String.format("0x%08x", address);
    }
}
