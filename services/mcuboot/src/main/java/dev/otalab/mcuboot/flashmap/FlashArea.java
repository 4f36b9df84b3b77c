package dev.otalab.mcuboot.flashmap;

/**
 * One flash area of a map (bootloader, slot, scratch, status, factory reserve).
 *
 * @param role    what the area is for
 * @param image   1-based image index for {@link AreaRole#PRIMARY} and {@link AreaRole#SECONDARY},
 *                0 for every other role
 * @param address CPU address of the first byte
 * @param size    bytes
 * @param memory  the memory the area lies in (entirely)
 */
public record FlashArea(AreaRole role, int image, long address, long size, FlashMemory memory) {

    public FlashArea {
        if (role == null || memory == null) {
            throw new IllegalArgumentException("role and memory are required");
        }
        if (role.isSlot() ? image < 1 : image != 0) {
            throw new IllegalArgumentException(role + " with image index " + image);
        }
        if (size <= 0 || address < memory.base() || address + size > memory.end()) {
            throw new IllegalArgumentException(String.format("%s [0x%08x, +0x%x) is not inside %s",
                    role, address, size, memory));
        }
    }

    /** Offset of the first byte within {@link #memory()} (the generator's {@code fa_off}). */
    public long offset() {
        return address - memory.base();
    }

    /** First CPU address past the area. */
    public long end() {
        return address + size;
    }

    /** Value of erased bytes in this area: the memory's. */
    public int erasedValue() {
        return memory.erasedValue();
    }

    /** Erase unit of the memory the area lies in. */
    public long sectorSize() {
        return memory.eraseSize();
    }

    /** Trailer write unit of the memory the area lies in. */
    public int writeSize() {
        return memory.writeSize();
    }

    /**
     * Number of erase units the area touches: {@code ceil((offset mod erase + size) / erase)},
     * as the generators count it for {@code MCUBOOT_MAX_IMG_SECTORS}.
     */
    public int sectorCount() {
        long erase = memory.eraseSize();
        return Math.toIntExact((offset() % erase + size + erase - 1) / erase);
    }

    /** True if the CPU address lies in this area. */
    public boolean contains(long address) {
        return address >= this.address && address < end();
    }

    /** Human name, e.g. {@code image 1 secondary slot}. */
    public String label() {
        return role.label(image);
    }

    @Override
    public String toString() {
        return String.format("%s [0x%08x, 0x%08x) in %s", label(), address, end(), memory.name());
    }
}
