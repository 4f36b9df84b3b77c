package dev.otalab.mcuboot.image;

import static dev.otalab.mcuboot.LittleEndian.putU16;
import static dev.otalab.mcuboot.LittleEndian.putU32;
import static dev.otalab.mcuboot.LittleEndian.u16;
import static dev.otalab.mcuboot.LittleEndian.u32;
import static dev.otalab.mcuboot.LittleEndian.u8;

/** The 32-byte MCUboot image header (mcuboot-image.md §2). */
public record ImageHeader(long magic, long loadAddress, int headerSize, int protectedTlvSize,
                          long imageSize, int flags, ImageVersion version) {

    public static final int SIZE = 32;
    public static final long MAGIC = 0x96F3B83DL;
    /** Header of the legacy v1 format; known to the bootloader, never produced. */
    public static final long MAGIC_V1 = 0x96F3B83CL;

    /** Reads a header; the caller guarantees 32 readable bytes at {@code off}. */
    public static ImageHeader read(byte[] b, int off) {
        return new ImageHeader(u32(b, off), u32(b, off + 4), u16(b, off + 8), u16(b, off + 10),
                u32(b, off + 12), (int) u32(b, off + 16),
                new ImageVersion(u8(b, off + 20), u8(b, off + 21), u16(b, off + 22), u32(b, off + 24)));
    }

    public void write(byte[] b, int off) {
        putU32(b, off, magic);
        putU32(b, off + 4, loadAddress);
        putU16(b, off + 8, headerSize);
        putU16(b, off + 10, protectedTlvSize);
        putU32(b, off + 12, imageSize);
        putU32(b, off + 16, flags & 0xFFFF_FFFFL);
        b[off + 20] = (byte) version.major();
        b[off + 21] = (byte) version.minor();
        putU16(b, off + 22, version.revision());
        putU32(b, off + 24, version.build());
        putU32(b, off + 28, 0);
    }

    public boolean hasMagic() {
        return magic == MAGIC;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** Offset of the first TLV area: header, header padding and payload come before it. */
    public long tlvOffset() {
        return headerSize + imageSize;
    }
}
