package dev.otalab.emulator.boot;

import dev.otalab.mcuboot.image.BootTrailer;
import java.util.Arrays;

/**
 * Positions and encodings of the upstream in-slot trailer fields for one BOOT_MAX_ALIGN
 * (mcuboot-boot.md §2): offsets from the end of an area of size {@code S}, and the bytes each
 * field write puts on flash (flag byte or value, padded with the area's erased value to its
 * write size).
 */
final class TrailerFormat {

    static final int MAGIC_SIZE = BootTrailer.MAGIC_SIZE;

    private final int maxAlign;
    private final int magicBlock;
    private final byte[] magic;

    TrailerFormat(int maxAlign) {
        this.maxAlign = maxAlign;
        this.magicBlock = BootTrailer.magicBlockSize(maxAlign);
        this.magic = BootTrailer.magic(maxAlign);
    }

    int maxAlign() {
        return maxAlign;
    }

    byte[] magic() {
        return magic.clone();
    }

    /** Size of the fields part: swap_size, swap_info, copy_done, image_ok (MA each) and the magic block. */
    int infoSize() {
        return 4 * maxAlign + magicBlock;
    }

    long magicOff(long s) {
        return s - MAGIC_SIZE;
    }

    long magicBlockOff(long s) {
        return alignDown(s - MAGIC_SIZE, maxAlign);
    }

    int magicBlockSize() {
        return magicBlock;
    }

    long imageOkOff(long s) {
        return alignDown(magicOff(s) - maxAlign, maxAlign);
    }

    long copyDoneOff(long s) {
        return imageOkOff(s) - maxAlign;
    }

    long swapInfoOff(long s) {
        return copyDoneOff(s) - maxAlign;
    }

    long swapSizeOff(long s) {
        return swapInfoOff(s) - maxAlign;
    }

    /** A one-byte field (flag or swap_info) padded with erased bytes to the write size. */
    byte[] field(int value, int writeSize, byte erased) {
        return padded(new byte[] {(byte) value}, writeSize, erased);
    }

    /** swap_size: u32 little endian, padded to the write size. */
    byte[] swapSizeField(long swapSize, int writeSize, byte erased) {
        byte[] v = {(byte) swapSize, (byte) (swapSize >>> 8), (byte) (swapSize >>> 16), (byte) (swapSize >>> 24)};
        return padded(v, writeSize, erased);
    }

    /** The magic block: erased bytes, then the 16 magic bytes, ending at the end of the area. */
    byte[] magicField(byte erased) {
        byte[] b = new byte[magicBlock];
        Arrays.fill(b, erased);
        System.arraycopy(magic, 0, b, magicBlock - MAGIC_SIZE, MAGIC_SIZE);
        return b;
    }

    byte[] padded(byte[] value, int writeSize, byte erased) {
        int len = (int) alignUp(value.length, writeSize);
        if (len > Math.max(maxAlign, value.length)) {
            throw new IllegalStateException("write size " + writeSize + " exceeds BOOT_MAX_ALIGN " + maxAlign);
        }
        byte[] b = new byte[len];
        Arrays.fill(b, erased);
        System.arraycopy(value, 0, b, 0, value.length);
        return b;
    }

    MagicState decodeMagic(byte[] bytes, byte erased) {
        boolean allErased = true;
        for (byte x : bytes) {
            if (x != erased) {
                allErased = false;
                break;
            }
        }
        if (allErased) {
            return MagicState.UNSET;
        }
        return Arrays.equals(bytes, magic) ? MagicState.GOOD : MagicState.BAD;
    }

    /** Decodes the trailer of an area from its last {@link #infoSize()} bytes. */
    SwapState decode(byte[] tail, long s, byte erased) {
        long base = s - tail.length;
        byte[] m = Arrays.copyOfRange(tail, (int) (magicOff(s) - base), (int) (magicOff(s) - base) + MAGIC_SIZE);
        byte info = tail[(int) (swapInfoOff(s) - base)];
        SwapType type = SwapType.NONE;
        int image = 0;
        if (info != erased) {
            int nibble = info & 0x0F;
            if (nibble <= SwapType.REVERT.code()) {
                type = SwapType.fromInfoNibble(nibble);
                image = (info >>> 4) & 0x0F;
            }
        }
        return new SwapState(decodeMagic(m, erased), type, image,
                FlagState.decode(tail[(int) (copyDoneOff(s) - base)], erased),
                FlagState.decode(tail[(int) (imageOkOff(s) - base)], erased));
    }

    static long alignDown(long v, long a) {
        return Math.floorDiv(v, a) * a;
    }

    static long alignUp(long v, long a) {
        return Math.floorDiv(v + a - 1, a) * a;
    }
}
