package dev.otalab.emulator.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.FaultRequest;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.UartLine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** REST-like calls from many threads on one kit while its watchdog and faults fire: no deadlock, no stray error. */
class KitConcurrencyTest {

    @Test
    void manyCallersOneKit() throws Exception {
        VirtualKit kit = VirtualKit.create(KitFixtures.spec("busy", "psoc62_2m_rollback_swap", BootloaderKind.ROLLBACK)
                .watchdogMs(15).build());
        kit.program(FlashTarget.ofArea("factory"), KitFixtures.Img.of("1.0.0", "{\"app\":\"factory\"}").factory().bytes(),
                ImageFormat.BIN);
        byte[] hang = KitFixtures.Img.of("1.2.0", "{\"hang\":true}").primary().bytes();
        kit.program(FlashTarget.ofArea("primary"), hang, ImageFormat.BIN);
        ConcurrentLinkedQueue<UartLine> streamed = new ConcurrentLinkedQueue<>();
        AutoCloseable sub = kit.subscribe(0, streamed::add);
        kit.powerOn();

        ExecutorService callers = Executors.newFixedThreadPool(6);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong calls = new AtomicLong();
        CountDownLatch stop = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        Runnable[] actions = {
            () -> kit.powerCycle(2).join(),
            () -> kit.press(3).join(),
            () -> {
                kit.uart(0, 100);
                kit.led(500);
                kit.info();
                kit.faults();
            },
            () -> kit.slots(),
            () -> kit.program(FlashTarget.ofArea("primary"), hang, ImageFormat.BIN),
            () -> {
                kit.armFault(new FaultRequest(5L, 3L, 2L));
                kit.expect(new ExpectRequest("Bootloader Started", List.of(), null, 20L)).join();
            },
        };
        for (Runnable action : actions) {
            running.add(callers.submit(() -> {
                while (stop.getCount() > 0) {
                    try {
                        action.run();
                        calls.incrementAndGet();
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }
            }));
        }
        Thread.sleep(1500);
        stop.countDown();
        for (Future<?> f : running) {
            f.get(10, TimeUnit.SECONDS); // a deadlock would time out here
        }
        callers.shutdown();
        // close the kit before the subscription: until it is closed, a watchdog reset of the
        // hanging app (15 ms) or a fault's auto power-on may still print lines nobody streams
        kit.close();
        sub.close();
        assertThat(errors).isEmpty();
        assertThat(calls.get()).isGreaterThan(50);
        assertThat(kit.bootCount()).isGreaterThan(5);
        // the stream saw every line once, in order, without gaps
        List<Long> seqs = streamed.stream().map(UartLine::seq).toList();
        assertThat(seqs.get(0)).isEqualTo(1);
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(kit.latestSeq());
    }
}
