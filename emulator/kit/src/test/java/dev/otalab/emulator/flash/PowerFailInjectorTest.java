package dev.otalab.emulator.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Power-failure injection of mcuboot-boot.md §13.2, shared by the devices of one kit. */
class PowerFailInjectorTest {

    private final PowerFailInjector power = new PowerFailInjector();
    private final FlashDevice internal = new FlashDevice("internal", FlashGeometry.uniform(0x4000, 0x200, 8, 0x00), power);
    private final FlashDevice qspi = new FlashDevice("qspi", FlashGeometry.uniform(0x40000, 0x1000, 1, 0xFF), power);

    private static byte[] fill(int len, int v) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) v);
        return b;
    }

    /** A scripted sequence of 10 operations across both devices (erase of 3 sectors = 3 ops). */
    private final List<Consumer<Void>> script = List.of(
            v -> internal.write(0x000, fill(0x200, 1)),      // 1
            v -> qspi.write(0x1000, fill(0x3000, 2)),         // 2
            v -> internal.write(0x200, fill(0x10, 3)),        // 3
            v -> qspi.erase(0x1000, 0x3000),                  // 4, 5, 6
            v -> qspi.write(0x2000, fill(0x800, 4)),          // 7
            v -> internal.erase(0x000, 0x200),                // 8
            v -> internal.write(0x000, fill(0x8, 5)),         // 9
            v -> qspi.write(0x0, fill(0x10, 6)));             // 10

    private void runScript() {
        for (Consumer<Void> step : script) {
            step.accept(null);
        }
    }

    private byte[] snapshot() {
        byte[] a = internal.dump(0, (int) internal.size());
        byte[] b = qspi.dump(0, (int) qspi.size());
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int firstDifference(byte[] a, byte[] b) {
        return Arrays.mismatch(a, b);
    }

    @Test
    void uninterruptedRunReportsN() {
        runScript();
        assertThat(power.operationCount()).isEqualTo(10);
        assertThat(internal.statistics().operations() + qspi.statistics().operations()).isEqualTo(10);
        assertThat(power.isPowered()).isTrue();
        assertThat(power.powerLossCount()).isZero();
    }

    @Test
    void cutAtEveryOperationAppliesExactlyTheOpsBeforeIt() {
        // reference states after k operations, from an uninterrupted run observed op by op
        List<byte[]> after = new ArrayList<>();
        {
            PowerFailInjectorTest ref = new PowerFailInjectorTest();
            after.add(ref.snapshot());
            for (int k = 1; k <= 10; k++) {
                PowerFailInjectorTest r = new PowerFailInjectorTest();
                r.power.armAt(k + 1);
                try {
                    r.runScript();
                } catch (PowerLossException e) {
                    // expected except for k == 10
                }
                after.add(r.snapshot());
            }
        }
        for (int n = 1; n <= 10; n++) {
            PowerFailInjectorTest t = new PowerFailInjectorTest();
            t.power.armAt(n);
            int failAt = n;
            assertThatThrownBy(t::runScript)
                    .isInstanceOfSatisfying(PowerLossException.class, e -> assertThat(e.operation()).isEqualTo(failAt));
            assertThat(t.power.operationCount()).isEqualTo(n - 1);
            assertThat(t.power.isPowered()).isFalse();
            assertThat(t.power.isArmed()).isFalse();
            assertThat(firstDifference(t.snapshot(), after.get(n - 1))).as("state after cut at op %d", n).isEqualTo(-1);
        }
        // sanity: the reference states really differ op by op (each op changes something)
        for (int k = 1; k <= 10; k++) {
            assertThat(firstDifference(after.get(k), after.get(k - 1))).as("op %d changes state", k).isNotEqualTo(-1);
        }
    }

    @Test
    void laterOperationsFailUntilPowerReturns() {
        power.armAt(2);
        internal.write(0, fill(8, 1));
        assertThatThrownBy(() -> qspi.write(0, fill(1, 2)))
                .isInstanceOf(PowerLossException.class)
                .hasMessage("power lost before operation #2 (write 0x1 bytes at 0x0 on qspi)");
        // everything is refused while off, reads included; nothing applied, nothing counted
        assertThatThrownBy(() -> internal.write(8, fill(8, 3)))
                .isInstanceOf(PowerLossException.class).hasMessage("power is off: write on internal refused");
        assertThatThrownBy(() -> internal.erase(0, 0x200)).isInstanceOf(PowerLossException.class);
        assertThatThrownBy(() -> qspi.read(0, 1)).isInstanceOf(PowerLossException.class)
                .hasMessage("power is off: read on qspi refused");
        assertThat(power.operationCount()).isEqualTo(1);
        // a debugger can still look
        assertThat(internal.dump(0, 16)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(qspi.dump(0, 1)).containsExactly(0xFF);

        power.setPowered(true);
        qspi.write(0, fill(1, 2));
        assertThat(power.operationCount()).isEqualTo(2);
        assertThat(qspi.read(0, 1)).containsExactly(2);
    }

    @Test
    void timeBasedCutViaSetPowered() {
        power.setPowered(false);
        assertThatThrownBy(() -> internal.write(0, fill(8, 1))).isInstanceOf(PowerLossException.class);
        assertThatThrownBy(() -> internal.erase(0x200, 0x200)).isInstanceOf(PowerLossException.class);
        assertThat(internal.dump(0, 8)).containsOnly(0);
        assertThat(power.operationCount()).isZero();
        power.setPowered(true);
        internal.write(0, fill(8, 1));
        assertThat(power.operationCount()).isEqualTo(1);
    }

    @Test
    void multiSectorEraseCutInTheMiddle() {
        FlashDevice dev = new FlashDevice("qspi", FlashGeometry.uniform(0x8000, 0x1000, 1, 0xFF), power);
        dev.write(0, fill(0x8000, 0x42));
        power.resetOperationCount();
        power.armAt(4); // erase of sectors 1..6: sectors 1, 2, 3 erased, power lost before sector 4
        assertThatThrownBy(() -> dev.erase(0x1000, 0x6000))
                .isInstanceOf(PowerLossException.class)
                .hasMessage("power lost before operation #4 (erase 0x1000 bytes at 0x4000 on qspi)");
        assertThat(dev.dump(0x0000, 0x1000)).containsOnly(0x42);
        assertThat(dev.dump(0x1000, 0x3000)).containsOnly(0xFF);
        assertThat(dev.dump(0x4000, 0x4000)).containsOnly(0x42);
        assertThat(dev.isWritable(0x1000, 0x3000)).isTrue();
        assertThat(dev.isWritable(0x4000, 1)).isFalse();
        assertThat(dev.statistics().sectorErases()).isEqualTo(3);
        assertThat(power.operationCount()).isEqualTo(3);
    }

    @Test
    void multiSectorEraseWithMixedSectorsCountsPerSector() {
        FlashDevice dev = new FlashDevice("mixed",
                FlashGeometry.ofSectors(List.of(0x1000L, 0x1000L, 0x4000L, 0x8000L, 0x8000L), 4, 0x00), power);
        dev.write(0, fill((int) dev.size(), 9));
        power.resetOperationCount();
        dev.erase(0x1000, 0xD000); // sectors 1, 2, 3
        assertThat(power.operationCount()).isEqualTo(3);
        power.armAt(2);
        assertThatThrownBy(dev::eraseAll).isInstanceOf(PowerLossException.class);
        assertThat(dev.dump(0, 0x1000)).containsOnly(0);
        assertThat(dev.dump(0x1000, 0xD000)).containsOnly(0);
        assertThat(dev.dump(0xE000, 0x8000)).containsOnly(9);
    }

    @Test
    void armingIsRelativeToNow() {
        internal.write(0, fill(8, 1));
        internal.write(8, fill(8, 1));
        power.armAt(1);
        assertThat(power.operationsBeforeFailure()).isZero();
        assertThatThrownBy(() -> internal.write(16, fill(8, 1))).isInstanceOf(PowerLossException.class)
                .satisfies(e -> assertThat(((PowerLossException) e).operation()).isEqualTo(3));
        power.setPowered(true);
        power.armAt(3);
        power.resetOperationCount(); // keeps the distance
        assertThat(power.operationsBeforeFailure()).isEqualTo(2);
        internal.write(16, fill(8, 1));
        internal.write(24, fill(8, 1));
        assertThatThrownBy(() -> internal.write(32, fill(8, 1))).isInstanceOf(PowerLossException.class);
        assertThat(power.powerLossCount()).isEqualTo(2);
        power.setPowered(true);
        power.armAt(1);
        power.disarm();
        assertThat(power.operationsBeforeFailure()).isEqualTo(-1);
        internal.write(32, fill(8, 1));
        assertThatThrownBy(() -> power.armAt(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void violationsAreReportedBeforeTheArmedFailureAndAreNotCounted() {
        power.armAt(1);
        assertThatThrownBy(() -> internal.write(4, fill(8, 1))).isInstanceOf(FlashViolationException.class);
        assertThat(power.isArmed()).isTrue();
        assertThatThrownBy(() -> internal.write(0, fill(8, 1))).isInstanceOf(PowerLossException.class);
    }

    @Test
    void concurrentCutNeverTearsAWrite() throws Exception {
        FlashDevice dev = new FlashDevice("qspi", FlashGeometry.uniform(0x100000, 0x1000, 1, 0xFF), power);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; ; i++) {
                    dev.write((long) i * 0x1000, fill(0x1000, i & 0x7F));
                }
            } catch (PowerLossException | FlashViolationException e) {
                // stops at the cut (or at the device end)
            }
        });
        writer.start();
        Thread.sleep(2);
        power.setPowered(false);
        writer.join();
        long ops = power.operationCount();
        for (int i = 0; i < 0x100; i++) {
            byte[] page = dev.dump((long) i * 0x1000, 0x1000);
            assertThat(page).as("page %d", i).containsOnly(i < ops ? (i & 0x7F) : 0xFF);
        }
    }
}
