package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunk messages of an image (§7 server rules, §9 chunk-request mode). */
class ChunkEncoderTest {

    static final OtaVersion V110 = OtaVersion.of(1, 1, 0);

    static byte[] image(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void cutsA300000ByteImageLikeTheSpecExample() {
        byte[] image = image(300000);
        ChunkEncoder enc = new ChunkEncoder(image, V110);
        assertThat(enc.chunkCount()).isEqualTo(74);
        byte[] first = enc.message(1);
        assertThat(Arrays.copyOf(first, 32)).isEqualTo(ChunkHeaderTest.CHUNK_1);
        assertThat(Arrays.copyOfRange(first, 32, first.length)).isEqualTo(Arrays.copyOfRange(image, 4096, 8192));
        byte[] last = enc.message(73);
        assertThat(last).hasSize(32 + 992);
        assertThat(Arrays.copyOf(last, 32)).isEqualTo(ChunkHeaderTest.CHUNK_73);
        assertThat(Arrays.copyOfRange(last, 32, last.length)).isEqualTo(Arrays.copyOfRange(image, 299008, 300000));
    }

    @Test
    void everyMessageCarriesTheRightSliceInIndexOrder() {
        for (int size : new int[] {1, 4095, 4096, 4097, 3 * 4096 - 1, 3 * 4096, 3 * 4096 + 1}) {
            byte[] image = image(size);
            ChunkEncoder enc = new ChunkEncoder(image, V110);
            assertThat(enc.chunkCount()).as("size %d", size).isEqualTo((size + 4095) / 4096);
            Iterator<byte[]> it = enc.messages();
            for (int i = 0; i < enc.chunkCount(); i++) {
                byte[] m = it.next();
                ChunkHeader h = ChunkHeader.decode(m);
                int offset = i * 4096;
                int data = Math.min(4096, size - offset);
                assertThat(h).isEqualTo(ChunkHeader.of(V110, size, offset, data, enc.chunkCount(), i));
                assertThat(m).hasSize(32 + data);
                assertThat(Arrays.copyOfRange(m, 32, m.length)).isEqualTo(Arrays.copyOfRange(image, offset, offset + data));
            }
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void readsFromABufferWithoutCopyingIt() {
        byte[] backing = image(10000);
        ByteBuffer window = ByteBuffer.wrap(backing, 100, 5000);
        ChunkEncoder enc = new ChunkEncoder(window, V110);
        assertThat(enc.imageSize()).isEqualTo(5000);
        assertThat(window.position()).isEqualTo(100);
        byte[] m = enc.message(1);
        assertThat(Arrays.copyOfRange(m, 32, m.length)).isEqualTo(Arrays.copyOfRange(backing, 4196, 5100));
    }

    @Test
    void refusesImagesTheHeaderCannotDescribe(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> new ChunkEncoder(new byte[0], V110)).isInstanceOf(OtaProtocolException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new ChunkEncoder(new byte[10], OtaVersion.of(1, 70000, 0)))
                .isInstanceOf(OtaProtocolException.class);
        Path sparse = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(65535L * 4096);
            MappedByteBuffer max = f.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, f.length());
            ChunkEncoder enc = new ChunkEncoder(max, V110);
            assertThat(enc.chunkCount()).isEqualTo(65535);
            assertThat(ChunkHeader.decode(enc.message(65534)).thisPayloadIndex()).isEqualTo(65534);
            f.setLength(65535L * 4096 + 1);
            MappedByteBuffer tooBig = f.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, f.length());
            assertThatThrownBy(() -> new ChunkEncoder(tooBig, V110)).isInstanceOf(OtaProtocolException.class)
                    .hasMessageContaining("65536 chunks");
        }
        Files.deleteIfExists(sparse);
    }

    @Test
    void refusesIndexesOutsideTheImage() {
        ChunkEncoder enc = new ChunkEncoder(image(5000), V110);
        assertThatThrownBy(() -> enc.message(2)).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> enc.message(-1)).isInstanceOf(OtaProtocolException.class);
    }

    @Test
    void answersRequestDataChunk() {
        byte[] image = image(300000);
        ChunkEncoder enc = new ChunkEncoder(image, V110);
        assertThat(enc.messageFor(0, 4096)).isEqualTo(enc.message(0));
        assertThat(enc.messageFor(8192, 4096)).isEqualTo(enc.message(2));
        // rest of file: -1 or 0, never more than 4096
        assertThat(enc.messageFor(299008, -1)).isEqualTo(enc.message(73));
        assertThat(enc.messageFor(299008, 0)).isEqualTo(enc.message(73));
        assertThat(enc.messageFor(4096, -1)).isEqualTo(enc.message(1));
        // larger than 4096: capped, index and total on the 4096 grid
        assertThat(enc.messageFor(4096, 8192)).isEqualTo(enc.message(1));
        // the publisher's formula for smaller sizes: index = Offset / Size, total = ceil(size / Size)
        byte[] small = enc.messageFor(3000, 1000);
        assertThat(ChunkHeader.decode(small)).isEqualTo(ChunkHeader.of(V110, 300000, 3000, 1000, 300, 3));
        assertThat(Arrays.copyOfRange(small, 32, small.length)).isEqualTo(Arrays.copyOfRange(image, 3000, 4000));
        ChunkHeader odd = ChunkHeader.decode(enc.messageFor(299999, -1));
        assertThat(odd.dataSize()).isEqualTo(1);
        assertThat(odd.thisPayloadIndex()).isEqualTo(73);
        RequestDataChunk request = new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, OtaVersion.of(1, 0, 0), "t", "",
                12288, 4096);
        assertThat(enc.messageFor(request)).isEqualTo(enc.message(3));
    }

    @Test
    void refusesRequestsItCannotAnswer() {
        ChunkEncoder enc = new ChunkEncoder(image(300000), V110);
        assertThatThrownBy(() -> enc.messageFor(300000, 4096)).isInstanceOf(OtaProtocolException.class)
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> enc.messageFor(-1, 4096)).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> enc.messageFor(0, 1)).isInstanceOf(OtaProtocolException.class)
                .hasMessageContaining("65535");
        assertThat(ChunkHeader.decode(enc.messageFor(0, 5)).totalNumPayloads()).isEqualTo(60000);
    }
}
