package dev.otalab.mcuboot.hex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.mcuboot.McubootException;
import org.junit.jupiter.api.Test;

class MemoryImageTest {

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void adjacentPutsMergeIntoOneSegment() {
        MemoryImage image = new MemoryImage().put(0x100, bytes(1, 2)).put(0x102, bytes(3)).put(0xFE, bytes(9, 8));

        assertThat(image.segmentCount()).isEqualTo(1);
        assertThat(image.segments().get(0).address()).isEqualTo(0xFE);
        assertThat(image.segments().get(0).data()).isEqualTo(bytes(9, 8, 1, 2, 3));
        assertThat(image.size()).isEqualTo(5);
        assertThat(image.minAddress()).isEqualTo(0xFE);
        assertThat(image.maxAddress()).isEqualTo(0x102);
        assertThat(image.endAddress()).isEqualTo(0x103);
    }

    @Test
    void putBridgingSegmentsOverwritesAndMerges() {
        MemoryImage image = new MemoryImage().put(0, bytes(1, 1, 1, 1)).put(8, bytes(2, 2)).put(20, bytes(3));
        assertThat(image.segmentCount()).isEqualTo(3);

        image.put(2, bytes(7, 7, 7, 7, 7, 7, 7));  // 2..8 overwrites 2..3 and 8, touches 9

        assertThat(image.segmentCount()).isEqualTo(2);
        assertThat(image.segments().get(0).data()).isEqualTo(bytes(1, 1, 7, 7, 7, 7, 7, 7, 7, 2));
        assertThat(image.size()).isEqualTo(11);
        assertThat(image.get(8)).isEqualTo(7);
        assertThat(image.get(10)).isEqualTo(-1);
    }

    @Test
    void overwriteInsideASegmentKeepsTheSize() {
        MemoryImage image = MemoryImage.of(0x10, bytes(1, 2, 3, 4)).put(0x11, bytes(0xAA));

        assertThat(image.size()).isEqualTo(4);
        assertThat(image.read(0x10, 4, 0)).isEqualTo(bytes(1, 0xAA, 3, 4));
    }

    @Test
    void readAndToContiguousFillGaps() {
        MemoryImage image = MemoryImage.of(0x1000_0002L, bytes(5)).put(0x1000_0005L, bytes(6, 7));

        assertThat(image.toContiguous(0xFF)).isEqualTo(bytes(5, 0xFF, 0xFF, 6, 7));
        assertThat(image.read(0x1000_0000L, 8, 0)).isEqualTo(bytes(0, 0, 5, 0, 0, 6, 7, 0));
        assertThat(image.firstUsedAddress(0x1000_0000L, 2)).isEqualTo(-1);
        assertThat(image.firstUsedAddress(0x1000_0000L, 3)).isEqualTo(0x1000_0002L);
        assertThat(image.firstUsedAddress(0x1000_0006L, 100)).isEqualTo(0x1000_0006L);
    }

    @Test
    void emptyImage() {
        MemoryImage image = new MemoryImage();

        assertThat(image.isEmpty()).isTrue();
        assertThat(image.toContiguous(0xFF)).isEmpty();
        assertThat(image.segments()).isEmpty();
        assertThatThrownBy(image::minAddress).isInstanceOf(McubootException.class);
    }

    @Test
    void addressesStayInside32Bits() {
        MemoryImage image = MemoryImage.of(0xFFFF_FFFFL, bytes(1));
        assertThat(image.maxAddress()).isEqualTo(0xFFFF_FFFFL);

        assertThatThrownBy(() -> image.put(0xFFFF_FFFFL, bytes(1, 2))).isInstanceOf(McubootException.class);
        assertThatThrownBy(() -> image.put(-1, bytes(1))).isInstanceOf(McubootException.class);
    }

    @Test
    void equalityIsByContent() {
        MemoryImage a = new MemoryImage().put(0, bytes(1)).put(1, bytes(2));
        MemoryImage b = MemoryImage.of(0, bytes(1, 2));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(MemoryImage.of(0, bytes(1, 3)));
        assertThat(a).isNotEqualTo(MemoryImage.of(0, bytes(1, 2)).setStartAddress(new StartAddress.Linear(0)));
    }

    @Test
    void putsInAnyOrderGiveTheSameImageAsOnePut() {
        byte[] all = new byte[4096];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i * 13 + 5);
        }
        MemoryImage expected = MemoryImage.of(0x2_0000, all);

        MemoryImage descending = new MemoryImage();
        for (int at = all.length - 16; at >= 0; at -= 16) {
            descending.put(0x2_0000 + at, java.util.Arrays.copyOfRange(all, at, at + 16));
        }
        MemoryImage evenThenOdd = new MemoryImage();
        for (int pass = 0; pass < 2; pass++) {
            for (int at = pass * 16; at < all.length; at += 32) {
                evenThenOdd.put(0x2_0000 + at, java.util.Arrays.copyOfRange(all, at, at + 16));
            }
        }

        assertThat(descending).isEqualTo(expected);
        assertThat(evenThenOdd).isEqualTo(expected);
        assertThat(evenThenOdd.segmentCount()).isEqualTo(1);
        assertThat(evenThenOdd.size()).isEqualTo(4096);
    }

    @Test
    void largeImagesBuiltInReverseOrderStayLinear() {
        // 4 MB in 16-byte puts from the top down: a copy-on-prepend design would never finish
        MemoryImage image = new MemoryImage();
        byte[] chunk = new byte[16];
        for (long at = 4L * 1024 * 1024 - 16; at >= 0; at -= 16) {
            chunk[0] = (byte) at;
            image.put(0x1000_0000L + at, chunk);
        }
        assertThat(image.segmentCount()).isEqualTo(1);
        assertThat(image.size()).isEqualTo(4L * 1024 * 1024);
        assertThat(image.get(0x1000_0010L)).isEqualTo(0x10);
    }
}
