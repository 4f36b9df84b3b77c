package dev.otalab.emulator.flash;

/** One erase sector of a device: its index, offset from the device start, and size in bytes. */
public record Sector(int index, long offset, long size) {

    /** Offset just past the sector. */
    public long end() {
        return offset + size;
    }
}
