package dev.otalab.ota;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as the OTA Agent sees it: {@code major.minor.build}, three non-negative integers.
 *
 * <p>This is the device's notion (the app's {@code APP_VERSION_MAJOR/MINOR/BUILD}, the job
 * document's {@code Version}, the chunk header's {@code update_version_*}), deliberately separate
 * from MCUboot's four-part image version: the device never looks at the MCUboot header when it
 * decides whether an update is newer. The app version is a C {@code int}; wherever the protocol
 * carries a version to the device (job document, chunk header) each part is a 16-bit unsigned
 * integer, which {@link #checkFitsU16(String)} enforces.
 */
public record OtaVersion(int major, int minor, int build) implements Comparable<OtaVersion> {

    /** Version 0.0.0: what the device assumes when a job document has no {@code Version}. */
    public static final OtaVersion ZERO = new OtaVersion(0, 0, 0);

    private static final Pattern TEXT = Pattern.compile("(\\d{1,10})\\.(\\d{1,10})\\.(\\d{1,10})");
    private static final Comparator<OtaVersion> ORDER = Comparator.comparingInt(OtaVersion::major)
            .thenComparingInt(OtaVersion::minor).thenComparingInt(OtaVersion::build);

    public OtaVersion {
        if (major < 0 || minor < 0 || build < 0) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_VERSION,
                    "version parts must not be negative: " + major + "." + minor + "." + build);
        }
    }

    public static OtaVersion of(int major, int minor, int build) {
        return new OtaVersion(major, minor, build);
    }

    /**
     * Parses the strict form the device prints ({@code %d.%d.%d}): exactly three decimal parts,
     * surrounding white space ignored. For the device's own, far looser reading of a job
     * document's {@code Version} see {@link DeviceJobParser}.
     */
    public static OtaVersion parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_VERSION,
                    "version " + OtaProtocolException.quote(text) + " is not major.minor.build");
        }
        try {
            return new OtaVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_VERSION,
                    "version " + OtaProtocolException.quote(text) + " has a part beyond 2147483647");
        }
    }

    /**
     * Throws unless every part fits the 16-bit fields the device stores versions in (job
     * document parts, chunk header); {@code what} names the use in the message.
     */
    public OtaVersion checkFitsU16(String what) {
        if (major > 0xFFFF || minor > 0xFFFF || build > 0xFFFF) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_VERSION,
                    what + " version " + this + " has a part above 65535; the device stores 16-bit parts");
        }
        return this;
    }

    @Override
    public int compareTo(OtaVersion other) {
        return ORDER.compare(this, other);
    }

    /** {@code major.minor.build}, exactly as the device prints it. */
    @Override
    public String toString() {
        return major + "." + minor + "." + build;
    }
}
