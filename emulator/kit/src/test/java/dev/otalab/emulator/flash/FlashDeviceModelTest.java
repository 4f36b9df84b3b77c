package dev.otalab.emulator.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random operations against a dense, obviously-correct reference (a byte array plus one
 * "written" flag per byte), over the simulator's matrix of layouts × W × erased value.
 */
class FlashDeviceModelTest {

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        List<long[]> layouts = List.of(
                new long[] {0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200,
                        0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200, 0x200}, // rows < page
                new long[] {0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000}, // sector == page
                new long[] {0x4000, 0x4000, 0x10000, 0x800, 0x800, 0x2000}); // mixed, unaligned to pages
        for (long[] layout : layouts) {
            for (int w : new int[] {1, 2, 4, 8, 32}) {
                for (int erased : new int[] {0x00, 0xFF}) {
                    out.add(Arguments.of(layout, w, erased));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] W={1} erased={2}")
    @MethodSource("matrix")
    void agreesWithDenseReference(long[] layout, int w, int erased) {
        List<Long> sizes = new ArrayList<>();
        for (long s : layout) {
            sizes.add(s);
        }
        FlashGeometry g = FlashGeometry.ofSectors(sizes, w, erased);
        PowerFailInjector power = new PowerFailInjector();
        FlashDevice dev = new FlashDevice("d", g, power);
        int size = (int) g.size();
        byte[] ref = new byte[size];
        Arrays.fill(ref, (byte) erased);
        boolean[] written = new boolean[size];
        long refOps = 0;
        Random rnd = new Random(31L * size + 7L * w + erased);

        for (int step = 0; step < 3000; step++) {
            if (rnd.nextInt(40) == 0) {
                power.armAt(1 + rnd.nextInt(3));
            }
            int kind = rnd.nextInt(10);
            try {
                if (kind < 6) { // write, mostly valid
                    int units = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 600);
                    long off = (long) rnd.nextInt(size / w) * w + (rnd.nextInt(20) == 0 ? 1 : 0);
                    int len = units * w + (rnd.nextInt(20) == 0 ? 1 : 0);
                    if (rnd.nextInt(30) == 0) {
                        off = size - w * (long) rnd.nextInt(3);
                    }
                    byte[] data = new byte[len];
                    rnd.nextBytes(data);
                    boolean ok = off >= 0 && off + len <= size && off % w == 0 && len % w == 0;
                    for (int i = 0; ok && i < len; i++) {
                        ok = !written[(int) off + i];
                    }
                    boolean willFail = power.operationsBeforeFailure() == 0;
                    try {
                        dev.write(off, data);
                        assertThat(ok && !willFail).as("write accepted at step %d", step).isTrue();
                        System.arraycopy(data, 0, ref, (int) off, len);
                        Arrays.fill(written, (int) off, (int) off + len, true);
                        refOps++;
                    } catch (FlashViolationException e) {
                        assertThat(ok).as("violation at step %d: %s", step, e.getMessage()).isFalse();
                    }
                } else if (kind < 9) { // erase of 1..3 sectors, sometimes misaligned
                    Sector first = g.sector(rnd.nextInt(g.sectorCount()));
                    int n = 1 + rnd.nextInt(3);
                    long end = first.end();
                    for (int i = 1; i < n && end < size; i++) {
                        end = g.sectorAt(end).end();
                    }
                    long off = first.offset() + (rnd.nextInt(15) == 0 ? w : 0);
                    long len = end - off;
                    boolean ok = g.isSectorBoundary(off) && g.isSectorBoundary(off + len);
                    try {
                        dev.erase(off, len);
                        assertThat(ok).isTrue();
                        Arrays.fill(ref, (int) off, (int) (off + len), (byte) erased);
                        Arrays.fill(written, (int) off, (int) (off + len), false);
                        refOps += g.sectorsIn(off, len).size();
                    } catch (FlashViolationException e) {
                        assertThat(ok).as("erase violation at step %d: %s", step, e.getMessage()).isFalse();
                    } catch (PowerLossException e) {
                        // sectors before the refused one were erased
                        long upTo = g.sector(g.sectorAt(off).index() + (int) (e.operation() - refOps - 1)).offset();
                        Arrays.fill(ref, (int) off, (int) upTo, (byte) erased);
                        Arrays.fill(written, (int) off, (int) upTo, false);
                        refOps = e.operation() - 1;
                        throw e;
                    }
                } else { // check a random range
                    int off = rnd.nextInt(size);
                    int len = rnd.nextInt(Math.min(0x3000, size - off) + 1);
                    assertThat(Arrays.mismatch(dev.read(off, len), Arrays.copyOfRange(ref, off, off + len))).isEqualTo(-1);
                    boolean writable = true;
                    for (int i = off; i < off + len; i++) {
                        writable &= !written[i];
                    }
                    assertThat(dev.isWritable(off, len)).isEqualTo(writable);
                }
            } catch (PowerLossException e) {
                power.setPowered(true);
            }
            assertThat(power.operationCount()).isEqualTo(refOps);
        }
        power.disarm();
        power.setPowered(true);
        assertThat(Arrays.mismatch(dev.dump(0, size), ref)).isEqualTo(-1);
        // sparse bookkeeping is exact: a page is held iff some byte in it is written
        int pages = 0;
        for (int p = 0; p < size; p += 4096) {
            for (int i = p; i < Math.min(size, p + 4096); i++) {
                if (written[i]) {
                    pages++;
                    break;
                }
            }
        }
        assertThat(dev.allocatedPages()).isEqualTo(pages);
        dev.eraseAll();
        assertThat(dev.allocatedPages()).isZero();
        assertThat(dev.read(0, size)).containsOnly((byte) erased);
    }
}
