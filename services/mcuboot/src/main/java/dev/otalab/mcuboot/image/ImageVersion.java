package dev.otalab.mcuboot.image;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MCUboot image version {@code major.minor.revision+build} as stored in header bytes 20..27.
 * Ordering compares all four parts; callers that ignore the build (the Infineon OTA agent,
 * MCUboot without build-number comparison) use {@link #compareIgnoringBuild}.
 */
public record ImageVersion(int major, int minor, int revision, long build) implements Comparable<ImageVersion> {

    private static final Pattern GRAMMAR =
            Pattern.compile("([1-9]\\d*|0)(?:\\.([1-9]\\d*|0)(?:\\.([1-9]\\d*|0)(?:\\+([1-9]\\d*|0))?)?)?");
    private static final Comparator<ImageVersion> ORDER = Comparator
            .comparingInt(ImageVersion::major)
            .thenComparingInt(ImageVersion::minor)
            .thenComparingInt(ImageVersion::revision)
            .thenComparingLong(ImageVersion::build);

    public ImageVersion {
        check("major", major, 0xFF);
        check("minor", minor, 0xFF);
        check("revision", revision, 0xFFFF);
        check("build", build, 0xFFFF_FFFFL);
    }

    public static ImageVersion of(int major, int minor, int revision) {
        return new ImageVersion(major, minor, revision, 0);
    }

    /** Parses imgtool's grammar {@code MAJOR[.MINOR[.REVISION[+BUILD]]]}; missing parts are 0. */
    public static ImageVersion parse(String text) {
        Matcher m = text == null ? null : GRAMMAR.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new ImageFormatException("Invalid version number '" + text
                    + "', should be maj.min.rev+build with later parts optional");
        }
        try {
            return new ImageVersion(part(m.group(1)), part(m.group(2)), part(m.group(3)),
                    m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
        } catch (NumberFormatException e) {
            throw new ImageFormatException("Invalid version number '" + text + "': a part is too large");
        }
    }

    private static int part(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    private static void check(String name, long value, long max) {
        if (value < 0 || value > max) {
            throw new ImageFormatException("version " + name + " " + value + " is out of range 0.." + max);
        }
    }

    @Override
    public int compareTo(ImageVersion other) {
        return ORDER.compare(this, other);
    }

    public int compareIgnoringBuild(ImageVersion other) {
        return ORDER.compare(withBuild(0), other.withBuild(0));
    }

    public ImageVersion withBuild(long newBuild) {
        return new ImageVersion(major, minor, revision, newBuild);
    }

    /** {@code major.minor.revision}, the form the OTA protocol and boot records use. */
    public String toShortString() {
        return major + "." + minor + "." + revision;
    }

    /** {@code major.minor.revision+build}, as imgtool prints it. */
    @Override
    public String toString() {
        return toShortString() + "+" + build;
    }
}
