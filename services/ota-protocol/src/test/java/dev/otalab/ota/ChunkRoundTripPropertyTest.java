package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.ota.ChunkReceiver.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Any image, chunks in any order with any duplicates, arrives byte-identical and completes exactly once. */
class ChunkRoundTripPropertyTest {

    @Property(tries = 200)
    void reassemblesInAnyOrderWithDuplicates(@ForAll @IntRange(min = 1, max = 70_000) int size, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] image = new byte[size];
        random.nextBytes(image);
        ChunkEncoder enc = new ChunkEncoder(image, OtaVersion.of(2, 0, 1));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < enc.chunkCount(); i++) {
            order.add(i);
            if (random.nextInt(4) == 0) {
                order.add(i);
            }
        }
        Collections.shuffle(order, random);
        byte[] slot = new byte[size];
        ChunkReceiver rx = new ChunkReceiver(OtaVersion.of(2, 0, 0),
                (offset, data) -> System.arraycopy(data, 0, slot, (int) offset, data.length));
        int completes = 0;
        for (int i : order) {
            Outcome outcome = rx.receive(enc.message(i)).outcome();
            assertThat(outcome).isNotIn(Outcome.REJECTED_HEADER, Outcome.VERSION_TOO_OLD);
            if (outcome == Outcome.COMPLETE) {
                completes++;
            }
        }
        assertThat(slot).isEqualTo(image);
        assertThat(rx.bytesWritten()).isEqualTo(size);
        assertThat(rx.complete()).isTrue();
        assertThat(completes).isGreaterThanOrEqualTo(1);
    }
}
