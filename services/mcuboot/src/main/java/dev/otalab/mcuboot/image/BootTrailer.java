package dev.otalab.mcuboot.image;

/**
 * Geometry of the MCUboot image trailer at the end of a slot (mcuboot-boot.md §2): the boot
 * magic, the flag fields below it, and imgtool's estimate of the trailer size used for its
 * fit check (mcuboot-image.md §10). Offsets are counted back from the end of the slot.
 */
public final class BootTrailer {

    public static final int MAGIC_SIZE = 16;
    public static final int DEFAULT_MAX_ALIGN = 8;
    public static final int DEFAULT_MAX_SECTORS = 128;

    private static final byte[] MAGIC_MA8 = {
            0x77, (byte) 0xC2, (byte) 0x95, (byte) 0xF3, 0x60, (byte) 0xD2, (byte) 0xEF, 0x7F,
            0x35, 0x52, 0x50, 0x0F, 0x2C, (byte) 0xB6, 0x79, (byte) 0x80};
    private static final byte[] MAGIC_TAIL = {
            0x2D, (byte) 0xE1, 0x5D, 0x29, 0x41, 0x0B, (byte) 0x8D, 0x77, 0x67, (byte) 0x9C, 0x11, 0x0F,
            0x1F, (byte) 0x8A};

    private BootTrailer() {
    }

    /** The 16 magic bytes for a given BOOT_MAX_ALIGN (8 gives the classic magic). */
    public static byte[] magic(int maxAlign) {
        if (maxAlign == DEFAULT_MAX_ALIGN) {
            return MAGIC_MA8.clone();
        }
        byte[] m = new byte[MAGIC_SIZE];
        m[0] = (byte) maxAlign;
        m[1] = (byte) (maxAlign >>> 8);
        System.arraycopy(MAGIC_TAIL, 0, m, 2, MAGIC_TAIL.length);
        return m;
    }

    public static int alignUp(int value, int align) {
        return (value + align - 1) / align * align;
    }

    /** Size of the block that holds the magic: ALIGN_UP(16, MA). */
    public static int magicBlockSize(int maxAlign) {
        return alignUp(MAGIC_SIZE, maxAlign);
    }

    public static int imageOkFromEnd(int maxAlign) {
        return magicBlockSize(maxAlign) + maxAlign;
    }

    public static int copyDoneFromEnd(int maxAlign) {
        return imageOkFromEnd(maxAlign) + maxAlign;
    }

    public static int swapInfoFromEnd(int maxAlign) {
        return copyDoneFromEnd(maxAlign) + maxAlign;
    }

    public static int swapSizeFromEnd(int maxAlign) {
        return swapInfoFromEnd(maxAlign) + maxAlign;
    }

    /**
     * imgtool's trailer-size estimate: {@code 2·MA + MAG} for overwrite-only, otherwise
     * {@code maxSectors·3·align + 4·MA + MAG} (no encryption).
     */
    public static int imgtoolTrailerSize(int align, int maxSectors, boolean overwriteOnly, int maxAlign) {
        if (overwriteOnly) {
            return maxAlign * 2 + magicBlockSize(maxAlign);
        }
        return maxSectors * 3 * align + maxAlign * 4 + magicBlockSize(maxAlign);
    }
}
