package dev.otalab.emulator.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The write/erase rules of mcuboot-boot.md §13.1, with their exact messages. */
class FlashDeviceRulesTest {

    private final PowerFailInjector power = new PowerFailInjector();
    /** 8 rows of 512 B, W = 8, erased 0x00: a small PSoC 6 internal flash. */
    private final FlashDevice internal = new FlashDevice("internal", FlashGeometry.uniform(0x1000, 0x200, 8, 0x00), power);

    private static byte[] bytes(int len, int value) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void startsErasedAndStoresWrites() {
        assertThat(internal.read(0, 0x1000)).containsOnly(0);
        internal.write(0x208, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(internal.read(0x200, 0x18)).containsExactly(
                0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(internal.statistics()).isEqualTo(new FlashStatistics(1, 0, 8, 0, 0));
    }

    @Test
    void writeOnceBetweenErases() {
        internal.write(0x100, bytes(0x10, 0xAA));

        assertThatThrownBy(() -> internal.write(0x108, bytes(8, 0x55)))
                .isInstanceOf(FlashViolationException.class)
                .hasMessage("[internal] Write to unerased location at 0x108");
        // first written unit inside a wider write is named
        assertThatThrownBy(() -> internal.write(0xF8, bytes(0x20, 0x55)))
                .hasMessage("[internal] Write to unerased location at 0x100");
        // no AND semantics: writing the same value, or the erased value, is still a violation
        assertThatThrownBy(() -> internal.write(0x100, bytes(8, 0xAA)))
                .hasMessage("[internal] Write to unerased location at 0x100");
        FlashDevice other = new FlashDevice("x", FlashGeometry.uniform(0x1000, 0x200, 8, 0x00));
        other.write(0, bytes(8, 0x00));
        assertThatThrownBy(() -> other.write(0, bytes(8, 0x00)))
                .hasMessage("[x] Write to unerased location at 0x0");

        // refused writes changed nothing and were not counted
        assertThat(internal.read(0xF8, 0x20)).containsExactly(concat(bytes(8, 0), bytes(0x10, 0xAA), bytes(8, 0)));
        assertThat(power.operationCount()).isEqualTo(1);
        assertThat(internal.statistics().writes()).isEqualTo(1);
        // the neighbours are still writable
        internal.write(0xF8, bytes(8, 1));
        internal.write(0x110, bytes(8, 2));
    }

    @Test
    void violationCarriesDeviceAndOffset() {
        internal.write(0x40, bytes(8, 1));
        assertThatThrownBy(() -> internal.write(0x40, bytes(8, 1)))
                .isInstanceOfSatisfying(FlashViolationException.class, e -> {
                    assertThat(e.device()).isEqualTo("internal");
                    assertThat(e.offset()).isEqualTo(0x40);
                });
    }

    @Test
    void alignment() {
        assertThatThrownBy(() -> internal.write(0x104, bytes(8, 1)))
                .isInstanceOf(FlashViolationException.class)
                .hasMessage("[internal] misaligned write at 0x104, length 0x8 (align 8)");
        assertThatThrownBy(() -> internal.write(0x100, bytes(12, 1)))
                .hasMessage("[internal] misaligned write at 0x100, length 0xc (align 8)");
        assertThat(internal.read(0x100, 0x10)).containsOnly(0);
        assertThat(power.operationCount()).isZero();

        FlashDevice qspi = new FlashDevice("qspi", FlashGeometry.uniform(0x2000, 0x1000, 1, 0xFF));
        qspi.write(0x123, new byte[] {1, 2, 3});
        assertThat(qspi.read(0x122, 5)).containsExactly(0xFF, 1, 2, 3, 0xFF);
    }

    @Test
    void bounds() {
        assertThatThrownBy(() -> internal.write(0xFF8, bytes(0x10, 1)))
                .isInstanceOf(FlashViolationException.class)
                .hasMessage("[internal] write outside device at 0xff8, length 0x10 (size 0x1000)");
        assertThatThrownBy(() -> internal.write(-8, bytes(8, 1)))
                .hasMessage("[internal] write outside device at 0xfffffffffffffff8, length 0x8 (size 0x1000)");
        assertThatThrownBy(() -> internal.write(Long.MAX_VALUE - 7, bytes(8, 1)))
                .hasMessageStartingWith("[internal] write outside device at 0x7ffffffffffffff8");
        assertThatThrownBy(() -> internal.read(0xFFF, 2))
                .isInstanceOf(FlashViolationException.class)
                .hasMessage("[internal] read outside device at 0xfff, length 0x2 (size 0x1000)");
        assertThatThrownBy(() -> internal.erase(0x1000, 0x200))
                .isInstanceOf(FlashViolationException.class)
                .hasMessage("[internal] erase outside device at 0x1000, length 0x200 (size 0x1000)");
        // the last unit is fine
        internal.write(0xFF8, bytes(8, 1));
        assertThat(internal.read(0xFF8, 8)).containsOnly(1);
    }

    @Test
    void eraseMustStartAndEndOnSectorBoundaries() {
        internal.write(0x200, bytes(0x200, 0x11));
        assertThatThrownBy(() -> internal.erase(0x100, 0x200))
                .isInstanceOf(FlashViolationException.class)
                .hasMessage("[internal] erase not on sector boundaries at 0x100, length 0x200");
        assertThatThrownBy(() -> internal.erase(0x200, 0x100))
                .hasMessage("[internal] erase not on sector boundaries at 0x200, length 0x100");
        assertThatThrownBy(() -> internal.erase(0x200, 0x300))
                .hasMessage("[internal] erase not on sector boundaries at 0x200, length 0x300");
        // nothing erased, nothing counted
        assertThat(internal.read(0x200, 0x200)).containsOnly(0x11);
        assertThat(power.operationCount()).isEqualTo(1);
        assertThat(internal.statistics().sectorErases()).isZero();
    }

    @Test
    void eraseRestoresErasedValueAndWritability_erased00() {
        eraseCycle(new FlashDevice("int", FlashGeometry.uniform(0x2000, 0x200, 8, 0x00)), (byte) 0x00);
    }

    @Test
    void eraseRestoresErasedValueAndWritability_erasedFF() {
        eraseCycle(new FlashDevice("qspi", FlashGeometry.uniform(0x2000, 0x200, 1, 0xFF)), (byte) 0xFF);
    }

    private static void eraseCycle(FlashDevice dev, byte erased) {
        assertThat(dev.read(0, 0x2000)).containsOnly(erased);
        assertThat(dev.isErased(0, 0x2000)).isTrue();
        dev.write(0, bytes(0x2000, 0x5A));
        assertThat(dev.isErased(0x200, 0x200)).isFalse();
        assertThat(dev.isWritable(0x200, 0x200)).isFalse();

        dev.erase(0x200, 0x400); // sectors 1 and 2
        assertThat(dev.read(0, 0x200)).containsOnly(0x5A);
        assertThat(dev.read(0x200, 0x400)).containsOnly(erased);
        assertThat(dev.read(0x600, 0x1A00)).containsOnly(0x5A);
        assertThat(dev.isErased(0x200, 0x400)).isTrue();
        assertThat(dev.isWritable(0x200, 0x400)).isTrue();
        assertThat(dev.isWritable(0x1F8, 0x10)).isFalse();

        dev.write(0x200, bytes(0x400, 0x33)); // rewrite after erase
        assertThat(dev.read(0x200, 0x400)).containsOnly(0x33);
        assertThat(dev.statistics()).isEqualTo(new FlashStatistics(2, 2, 0x2400, 0x400, 0));

        dev.eraseAll();
        assertThat(dev.read(0, 0x2000)).containsOnly(erased);
        assertThat(dev.statistics().sectorErases()).isEqualTo(2 + 16);
        assertThat(dev.allocatedPages()).isZero();
    }

    @Test
    void writingTheErasedValueStillConsumesTheLocation() {
        FlashDevice qspi = new FlashDevice("qspi", FlashGeometry.uniform(0x1000, 0x1000, 1, 0xFF));
        qspi.write(0x10, bytes(4, 0xFF));
        assertThat(qspi.isErased(0x10, 4)).isTrue();
        assertThat(qspi.isWritable(0x10, 4)).isFalse();
        assertThatThrownBy(() -> qspi.write(0x12, bytes(1, 0)))
                .hasMessage("[qspi] Write to unerased location at 0x12");
    }

    @Test
    void zeroLengthOperations() {
        internal.write(0x10, new byte[0]);
        internal.erase(0x200, 0);
        assertThat(internal.read(0, 0)).isEmpty();
        assertThat(internal.statistics()).isEqualTo(new FlashStatistics(1, 0, 0, 0, 0));
    }

    @Test
    void javaArrayBoundsAreCheckedFirst() {
        assertThatThrownBy(() -> internal.write(0, new byte[8], 4, 8)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> internal.read(0, new byte[8], 4, 8)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void badRegionFailsWritesWithoutChangingData() {
        internal.addBadRegion(0x400, 0x200);
        assertThatThrownBy(() -> internal.write(0x3F8, bytes(0x10, 7)))
                .isInstanceOf(FlashWriteFailedException.class)
                .hasMessage("[internal] write failed in bad region at 0x3f8, length 0x10");
        assertThat(internal.read(0x3F8, 0x10)).containsOnly(0);
        assertThat(internal.isWritable(0x3F8, 0x10)).isTrue();
        assertThat(internal.statistics()).isEqualTo(new FlashStatistics(1, 0, 0, 0, 1));
        assertThat(power.operationCount()).isEqualTo(1); // the attempt is an operation
        internal.write(0x3F8, bytes(8, 7)); // outside: fine
        internal.clearBadRegions();
        internal.write(0x400, bytes(8, 7));
        assertThat(internal.read(0x3F8, 0x10)).containsOnly(7);
    }

    @Test
    void badRegionWithFailureRateIsReproducible() {
        int[] failures = new int[2];
        for (int round = 0; round < 2; round++) {
            FlashDevice d = new FlashDevice("d", FlashGeometry.uniform(0x10000, 0x1000, 8, 0xFF));
            d.addBadRegion(0, 0x10000, 0.5, 42);
            for (int i = 0; i < 200; i++) {
                try {
                    d.write(i * 8L, bytes(8, i));
                } catch (FlashWriteFailedException e) {
                    failures[round]++;
                }
            }
        }
        assertThat(failures[0]).isEqualTo(failures[1]).isBetween(60, 140);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
