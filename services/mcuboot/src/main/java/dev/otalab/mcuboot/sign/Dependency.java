package dev.otalab.mcuboot.sign;

import dev.otalab.mcuboot.image.ImageFormatException;
import dev.otalab.mcuboot.image.ImageVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DEPENDENCY TLV: this image needs image {@code imageId} at {@code version} or newer. */
public record Dependency(int imageId, ImageVersion version) {

    private static final Pattern IMAGE = Pattern.compile("\\((\\d+)");
    private static final Pattern VERSION = Pattern.compile(",\\s*([0-9.+]+)\\)");

    public Dependency {
        if (imageId < 0 || imageId > 255) {
            throw new ImageFormatException("dependency image id " + imageId + " is out of range 0..255");
        }
    }

    /** Parses imgtool's {@code -d} form: {@code "(1,1.2.3)"} or {@code "(0,1.2.3),(1,2.0.0+4)"}. */
    public static List<Dependency> parseList(String text) {
        List<String> ids = all(IMAGE.matcher(text));
        List<String> versions = all(VERSION.matcher(text));
        if (ids.isEmpty()) {
            throw new ImageFormatException("Image dependency format is invalid: " + text);
        }
        if (ids.size() != versions.size()) {
            throw new ImageFormatException(
                    "There's a mismatch between the number of dependency images and versions in: " + text);
        }
        List<Dependency> result = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int id;
            try {
                id = Integer.parseInt(ids.get(i));
            } catch (NumberFormatException e) {
                throw new ImageFormatException("dependency image id " + ids.get(i) + " is out of range 0..255");
            }
            result.add(new Dependency(id, ImageVersion.parse(versions.get(i))));
        }
        return result;
    }

    private static List<String> all(Matcher m) {
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The 12-byte TLV payload: id, 3 zero bytes, major, minor, revision (u16), build (u32). */
    public byte[] encode() {
        byte[] b = new byte[12];
        b[0] = (byte) imageId;
        b[4] = (byte) version.major();
        b[5] = (byte) version.minor();
        dev.otalab.mcuboot.LittleEndian.putU16(b, 6, version.revision());
        dev.otalab.mcuboot.LittleEndian.putU32(b, 8, version.build());
        return b;
    }
}
