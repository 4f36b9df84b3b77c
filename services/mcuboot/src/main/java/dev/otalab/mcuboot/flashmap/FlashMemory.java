package dev.otalab.mcuboot.flashmap;

/**
 * One physical flash device (or, on XMC7000, one memory region of the platform file) as seen
 * from the CPU.
 *
 * @param name        {@code internal} or {@code external} on PSoC 6; the region type on XMC7000
 *                    (e.g. {@code INTERNAL_FLASH_CODE_LARGE})
 * @param base        CPU address of the first byte
 * @param size        bytes
 * @param eraseSize   erase unit (row or sector) in bytes, a power of two
 * @param erasedValue value every byte reads after an erase ({@code 0x00} PSoC 6 internal,
 *                    {@code 0xFF} QSPI NOR and XMC7000)
 * @param writeSize   smallest unit MCUboot writes trailer fields in (8 for internal flash,
 *                    MCUboot's max-align; 1 for QSPI NOR)
 */
public record FlashMemory(String name, long base, long size, long eraseSize, int erasedValue, int writeSize) {

    /** Name of PSoC 6 internal flash. */
    public static final String INTERNAL = "internal";
    /** Name of PSoC 6 external (QSPI/SMIF) flash. */
    public static final String EXTERNAL = "external";

    public FlashMemory {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("memory name is empty");
        }
        if (base < 0 || size <= 0 || base + size > 0x1_0000_0000L) {
            throw new IllegalArgumentException(name + ": bad range base=0x" + Long.toHexString(base)
                    + " size=0x" + Long.toHexString(size));
        }
        if (eraseSize <= 0 || Long.bitCount(eraseSize) != 1 || size % eraseSize != 0 || base % eraseSize != 0) {
            throw new IllegalArgumentException(name + ": erase size 0x" + Long.toHexString(eraseSize)
                    + " is not a power of two dividing base and size");
        }
        if (size / eraseSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": more than 2^31 erase units");
        }
        if (erasedValue < 0 || erasedValue > 0xFF) {
            throw new IllegalArgumentException(name + ": erased value " + erasedValue + " is not a byte");
        }
        if (writeSize <= 0 || Long.bitCount(writeSize) != 1) {
            throw new IllegalArgumentException(name + ": write size " + writeSize + " is not a power of two");
        }
    }

    /** First address past the memory. */
    public long end() {
        return base + size;
    }

    /** True if the CPU address lies in this memory. */
    public boolean contains(long address) {
        return address >= base && address < end();
    }

    /** Number of erase units in the memory. */
    public long sectorCount() {
        return size / eraseSize;
    }

    @Override
    public String toString() {
        return String.format("%s[0x%08x..0x%08x, erase 0x%x, erased 0x%02x, write %d]",
                name, base, end(), eraseSize, erasedValue, writeSize);
    }
}
