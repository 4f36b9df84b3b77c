package dev.otalab.mcuboot.hex;

/**
 * The optional start (entry point) address of an Intel HEX file: record type 03 or 05.
 * MCUboot tooling never writes one; it is kept so a file that has one round-trips.
 */
public sealed interface StartAddress {

    /** Type 03, Start Segment Address: 8086 {@code CS:IP}, each 16 bits. */
    record Segment(int cs, int ip) implements StartAddress {
        public Segment {
            if ((cs & ~0xFFFF) != 0 || (ip & ~0xFFFF) != 0) {
                throw new IllegalArgumentException("CS and IP must be 16-bit values");
            }
        }
    }

    /** Type 05, Start Linear Address: a 32-bit {@code EIP}. */
    record Linear(long eip) implements StartAddress {
        public Linear {
            if ((eip & ~0xFFFF_FFFFL) != 0) {
                throw new IllegalArgumentException("EIP must be a 32-bit value");
            }
        }
    }
}
