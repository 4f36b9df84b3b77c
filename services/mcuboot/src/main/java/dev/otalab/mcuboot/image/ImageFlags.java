package dev.otalab.mcuboot.image;

import java.util.ArrayList;
import java.util.List;

/** Bits of the header's {@code ih_flags}. */
public final class ImageFlags {

    public static final int PIC = 0x0000_0001;
    public static final int ENCRYPTED_AES128 = 0x0000_0004;
    public static final int ENCRYPTED_AES256 = 0x0000_0008;
    public static final int NON_BOOTABLE = 0x0000_0010;
    public static final int RAM_LOAD = 0x0000_0020;
    public static final int ROM_FIXED = 0x0000_0100;
    public static final int COMPRESSED_LZMA1 = 0x0000_0200;
    public static final int COMPRESSED_LZMA2 = 0x0000_0400;
    public static final int COMPRESSED_ARM_THUMB = 0x0000_0800;

    private static final int[] BITS = {PIC, ENCRYPTED_AES128, ENCRYPTED_AES256, NON_BOOTABLE, RAM_LOAD,
            ROM_FIXED, COMPRESSED_LZMA1, COMPRESSED_LZMA2, COMPRESSED_ARM_THUMB};
    private static final String[] NAMES = {"PIC", "ENCRYPTED_AES128", "ENCRYPTED_AES256", "NON_BOOTABLE",
            "RAM_LOAD", "ROM_FIXED", "COMPRESSED_LZMA1", "COMPRESSED_LZMA2", "COMPRESSED_ARM_THUMB"};

    private ImageFlags() {
    }

    /** Names of the set bits, e.g. {@code [RAM_LOAD]}; unknown bits as hex. */
    public static List<String> names(int flags) {
        List<String> names = new ArrayList<>();
        int rest = flags;
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                names.add(NAMES[i]);
                rest &= ~BITS[i];
            }
        }
        if (rest != 0) {
            names.add(String.format("0x%08x", rest));
        }
        return names;
    }
}
