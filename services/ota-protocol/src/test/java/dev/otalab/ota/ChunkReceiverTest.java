package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.ota.ChunkReceiver.Outcome;
import dev.otalab.ota.ChunkReceiver.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The device's chunk validation (§7 "Device rules") driven through {@link ChunkReceiver}. */
class ChunkReceiverTest {

    private static final OtaVersion APP = OtaVersion.of(1, 0, 0);
    private static final OtaVersion V110 = ChunkEncoderTest.V110;

    /** A secondary slot that records every write. */
    static final class Slot implements ChunkReceiver.SlotWriter {
        final byte[] bytes;
        final List<long[]> writes = new ArrayList<>();

        Slot(int size) {
            bytes = new byte[size];
        }

        @Override
        public void write(long offset, byte[] data) {
            writes.add(new long[] {offset, data.length});
            System.arraycopy(data, 0, bytes, (int) offset, data.length);
        }
    }

    @Test
    void reassemblesAwkwardSizesByteIdentical() {
        for (int size : new int[] {1, 4095, 4096, 4097, 8191, 8192, 8193, 300000}) {
            byte[] image = ChunkEncoderTest.image(size);
            ChunkEncoder enc = new ChunkEncoder(image, V110);
            Slot slot = new Slot(size);
            ChunkReceiver rx = new ChunkReceiver(APP, slot);
            rx.startAttempt();
            for (int i = 0; i < enc.chunkCount(); i++) {
                Result r = rx.receive(enc.message(i));
                assertThat(r.outcome()).as("size %d chunk %d: %s", size, i, r.detail())
                        .isEqualTo(i == enc.chunkCount() - 1 ? Outcome.COMPLETE : Outcome.ACCEPTED);
            }
            assertThat(slot.bytes).isEqualTo(image);
            assertThat(rx.bytesWritten()).isEqualTo(size);
            assertThat(rx.imageSize()).isEqualTo(size);
            assertThat(rx.complete()).isTrue();
        }
    }

    @Test
    void acceptsChunksOutOfOrder() {
        byte[] image = ChunkEncoderTest.image(300000);
        ChunkEncoder enc = new ChunkEncoder(image, V110);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < enc.chunkCount(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        Slot slot = new Slot(image.length);
        ChunkReceiver rx = new ChunkReceiver(APP, slot);
        Result last = null;
        for (int i : order) {
            last = rx.receive(enc.message(i));
            assertThat(last.outcome()).isIn(Outcome.ACCEPTED, Outcome.COMPLETE);
        }
        assertThat(last.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(slot.bytes).isEqualTo(image);
        Result reversed = new ChunkReceiver(APP, new Slot(image.length)).receive(enc.message(5));
        assertThat(reversed.detail()).contains("out of order");
    }

    @Test
    void ignoresDuplicatesWithoutWritingOrCounting() {
        ChunkEncoder enc = new ChunkEncoder(ChunkEncoderTest.image(10000), V110);
        Slot slot = new Slot(10000);
        ChunkReceiver rx = new ChunkReceiver(APP, slot);
        assertThat(rx.receive(enc.message(0)).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(rx.receive(enc.message(0)).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(rx.bytesWritten()).isEqualTo(4096);
        assertThat(slot.writes).hasSize(1);
        assertThat(rx.receive(enc.message(1)).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(rx.receive(enc.message(2)).outcome()).isEqualTo(Outcome.COMPLETE);
    }

    @Test
    void duplicateCountersAreEightBitsAndWrap() {
        ChunkEncoder enc = new ChunkEncoder(ChunkEncoderTest.image(100000), V110);
        Slot slot = new Slot(100000);
        ChunkReceiver rx = new ChunkReceiver(APP, slot);
        byte[] chunk5 = enc.message(5);
        assertThat(rx.receive(chunk5).outcome()).isEqualTo(Outcome.ACCEPTED);
        for (int n = 2; n <= 255; n++) {
            assertThat(rx.receive(chunk5).outcome()).as("copy %d", n).isEqualTo(Outcome.DUPLICATE);
        }
        assertThat(rx.receive(chunk5).outcome()).as("copy 256: counter wrapped to 0").isEqualTo(Outcome.ACCEPTED);
        assertThat(rx.receive(chunk5).outcome()).as("copy 257: counter 1").isEqualTo(Outcome.ACCEPTED);
        assertThat(rx.receive(chunk5).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(rx.bytesWritten()).isEqualTo(3 * 4096);
    }

    @Test
    void indexesFrom2048AreWrittenWithoutDuplicateCheck() {
        byte[] msg = message(ChunkHeader.of(V110, 20_000_000, 3000L * 4096, 4096, 4883, 3000), new byte[4096]);
        ChunkReceiver rx = new ChunkReceiver(APP, (o, d) -> { });
        Result first = rx.receive(msg);
        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(first.detail()).contains("no duplicate check");
        assertThat(rx.receive(msg).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(rx.bytesWritten()).isEqualTo(8192);
    }

    @Test
    void comparesOnlySevenMagicBytes() {
        byte[] good = new ChunkEncoder(ChunkEncoderTest.image(100), V110).message(0);
        byte[] eighthChanged = good.clone();
        eighthChanged[7] = 'X';
        assertThat(new ChunkReceiver(APP, (o, d) -> { }).receive(eighthChanged).outcome()).isEqualTo(Outcome.COMPLETE);
        for (int i = 0; i < 7; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x20;
            Result r = new ChunkReceiver(APP, (o, d) -> { }).receive(bad);
            assertThat(r.outcome()).isEqualTo(Outcome.REJECTED_HEADER);
            assertThat(r.detail()).contains("magic");
        }
    }

    @Test
    void rejectsTheFourHeaderProblemsAndLetsIndexEqualToTotalPass() {
        byte[] data = new byte[100];
        assertRejected(message(new ChunkHeader("OTAImage", 32, 1, V110, 100, 0, 100, 1, 0), data), "ota_image_type");
        assertRejected(message(ChunkHeader.of(V110, 99, 0, 100, 1, 0), data), "data_size");
        assertRejected(message(ChunkHeader.of(V110, 100, 0, 100, 1, 2), data), "this_payload_index");
        assertRejected(message(new ChunkHeader("OTAImage", 133, 0, V110, 100, 0, 100, 1, 0), data), "offset_to_data");
        assertRejected(new byte[31], "shorter");
        assertRejected(new byte[0], "shorter");
        assertRejected(null, "shorter");
        Result indexIsTotal = new ChunkReceiver(APP, (o, d) -> { }).receive(message(ChunkHeader.of(V110, 100, 0, 100, 1, 1), data));
        assertThat(indexIsTotal.outcome()).isEqualTo(Outcome.COMPLETE);
        Result offsetIsLength = new ChunkReceiver(APP, (o, d) -> { })
                .receive(message(new ChunkHeader("OTAImage", 132, 0, V110, 100, 0, 0, 1, 0), data));
        assertThat(offsetIsLength.outcome()).isIn(Outcome.ACCEPTED);
    }

    @Test
    void dataPastThePayloadIsWrittenAsZerosAndFlagged() {
        byte[] data = {1, 2, 3};
        Slot slot = new Slot(10);
        Result r = new ChunkReceiver(APP, slot).receive(message(ChunkHeader.of(V110, 10, 0, 10, 1, 0), data));
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(r.detail()).contains("past the payload");
        assertThat(slot.bytes).containsExactly(1, 2, 3, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void offsetToDataIsHonouredEvenWhenItIsNot32() {
        byte[] msg = message(new ChunkHeader("OTAImage", 0, 0, V110, 8, 0, 8, 1, 0), new byte[0]);
        Slot slot = new Slot(8);
        new ChunkReceiver(APP, slot).receive(msg);
        assertThat(slot.bytes).isEqualTo(Arrays.copyOf(msg, 8));
    }

    @Test
    void refusesVersionsNotNewerInEveryChunk() {
        ChunkEncoder enc = new ChunkEncoder(ChunkEncoderTest.image(10000), V110);
        Result same = new ChunkReceiver(V110, (o, d) -> { }).receive(enc.message(0));
        assertThat(same.outcome()).isEqualTo(Outcome.VERSION_TOO_OLD);
        assertThat(new ChunkReceiver(OtaVersion.of(2, 0, 0), (o, d) -> { }).receive(enc.message(0)).outcome())
                .isEqualTo(Outcome.VERSION_TOO_OLD);
        ChunkReceiver rx = new ChunkReceiver(APP, (o, d) -> { });
        assertThat(rx.receive(enc.message(0)).outcome()).isEqualTo(Outcome.ACCEPTED);
        ChunkEncoder older = new ChunkEncoder(ChunkEncoderTest.image(10000), OtaVersion.of(1, 0, 0));
        assertThat(rx.receive(older.message(1)).outcome()).isEqualTo(Outcome.VERSION_TOO_OLD);
        assertThat(rx.bytesWritten()).isEqualTo(4096);
    }

    @Test
    void latchesTheFirstTotalSize() {
        ChunkReceiver rx = new ChunkReceiver(APP, (o, d) -> { });
        rx.receive(message(ChunkHeader.of(V110, 8192, 0, 4096, 2, 0), new byte[4096]));
        rx.receive(message(ChunkHeader.of(V110, 1_000_000, 4096, 10, 2, 1), new byte[10]));
        assertThat(rx.imageSize()).isEqualTo(8192);
        assertThat(rx.complete()).isFalse();
    }

    @Test
    void aNewAttemptStartsFromScratch() {
        byte[] image = ChunkEncoderTest.image(20000);
        ChunkEncoder enc = new ChunkEncoder(image, V110);
        Slot slot = new Slot(20000);
        ChunkReceiver rx = new ChunkReceiver(APP, slot);
        rx.startAttempt();
        rx.receive(enc.message(0));
        rx.receive(enc.message(1));
        rx.startAttempt();
        assertThat(rx.bytesWritten()).isZero();
        assertThat(rx.imageSize()).isZero();
        Result r = null;
        for (int i = 0; i < enc.chunkCount(); i++) {
            r = rx.receive(enc.message(i));
            assertThat(r.outcome()).isNotEqualTo(Outcome.DUPLICATE);
        }
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(slot.bytes).isEqualTo(image);
    }

    @Test
    void chunkRequestModeReassemblesThroughRequestDataChunk() {
        byte[] image = ChunkEncoderTest.image(300000);
        ChunkEncoder enc = new ChunkEncoder(image, V110);
        Slot slot = new Slot(image.length);
        ChunkReceiver rx = new ChunkReceiver(APP, slot);
        long offset = 0;
        long size = 4096;
        int requests = 0;
        Result r;
        do {
            RequestDataChunk ask = new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, APP, "t", "", offset, size);
            RequestDataChunk asParsed = (RequestDataChunk) DeviceMessageParser.parse(ask.toDeviceBytes());
            r = rx.receive(enc.messageFor(asParsed));
            assertThat(r.header().thisPayloadIndex()).isEqualTo(requests);
            requests++;
            offset = rx.bytesWritten();
            size = 4096 > rx.imageSize() - rx.bytesWritten() ? -1 : 4096;
        } while (r.outcome() == Outcome.ACCEPTED);
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(requests).isEqualTo(74);
        assertThat(slot.bytes).isEqualTo(image);
    }

    private static void assertRejected(byte[] payload, String why) {
        Slot slot = new Slot(200);
        ChunkReceiver rx = new ChunkReceiver(APP, slot);
        Result r = rx.receive(payload);
        assertThat(r.outcome()).as(why).isEqualTo(Outcome.REJECTED_HEADER);
        assertThat(r.detail()).contains(why);
        assertThat(slot.writes).isEmpty();
        assertThat(rx.imageSize()).isZero();
    }

    static byte[] message(ChunkHeader header, byte[] data) {
        byte[] m = Arrays.copyOf(header.encode(), 32 + data.length);
        System.arraycopy(data, 0, m, 32, data.length);
        return m;
    }
}
