package dev.otalab.jobs;

import static dev.otalab.jobs.TestSupport.digest;
import static dev.otalab.jobs.TestSupport.putJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.ota.OtaVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (its name keeps it out of {@code mvn verify}): {@code K} simulated
 * devices check over the real broker from {@code T} threads, each offer's session is looked up the
 * way image-store does for {@code Request Update}; prints checks/s and the lookup latency
 * percentiles. Run: {@code mvn -o verify -pl services/job-service -Dtest=CheckLoadProbe
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dprobe.checks=400 -Dprobe.threads=32]}.
 */
@QuarkusTest
@QuarkusTestResource(JobServiceResources.class)
class CheckLoadProbe {

    static final String PREFIX = TestSupport.boardPrefix("PROBE");
    static final String BOARD = PREFIX + "LOAD";

    @AfterAll
    static void tearDown() {
        Db.deleteBoards(PREFIX);
    }

    @Test
    void checksAndLookups() throws Exception {
        TestSupport.awaitReady();
        int checks = Integer.getInteger("probe.checks", 400);
        int threads = Integer.getInteger("probe.threads", 32);
        String image = digest("probe");
        StandInImageStore.put(image, BOARD, "1.1.0", 1_048_576);
        putJob(BOARD, "{\"imageDigest\":\"" + image + "\"}").then().statusCode(201);
        Vertx vertx = Vertx.vertx();
        try {
            run(vertx, "W", Math.min(checks, 2 * threads), threads); // warm-up
            List<long[]> timings = run(vertx, "M", checks, threads);
            List<Long> lookups = new ArrayList<>();
            long first = Long.MAX_VALUE;
            long last = 0;
            for (long[] t : timings) {
                lookups.add(t[3] - t[2]);
                first = Math.min(first, t[0]);
                last = Math.max(last, t[3]);
            }
            Collections.sort(lookups);
            System.out.printf("PROBE %d checks + lookups, %d threads: %.1f checks/s; lookup ms p50 %.1f p95 %.1f"
                    + " p99 %.1f max %.1f%n", checks, threads, checks * 1e9 / (last - first), ms(lookups, 50),
                    ms(lookups, 95), ms(lookups, 99), lookups.get(lookups.size() - 1) / 1e6);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Per device: {check start, check end, lookup start, lookup end} in nanos. */
    /** New serials per run: a device offered 1.1.0 before that still reports 1.0.0 would look reverted. */
    private static List<long[]> run(Vertx vertx, String run, int checks, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> all = new ArrayList<>();
            for (int i = 0; i < checks; i++) {
                String serial = "P-" + run + i;
                all.add(pool.submit(() -> {
                    FleetDevice d = new FleetDevice(vertx, BOARD, serial, OtaVersion.of(1, 0, 0));
                    long start = System.nanoTime();
                    OtaVersion offered = checkRetrying(d);
                    long checked = System.nanoTime();
                    assertThat(offered).isEqualTo(OtaVersion.of(1, 1, 0));
                    long lookup = System.nanoTime();
                    given().urlEncodingEnabled(false).get("/api/v1/ota-sessions/" + TestSupport.encode(d.lastTopic))
                            .then().statusCode(200);
                    return new long[] {start, checked, lookup, System.nanoTime()};
                }));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : all) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A device's random client id ({@code CY_IOT_DEVICE} + 16 bits, as the Agent's) collides now and
     * then among dozens of concurrent devices and the broker drops the older connection: ask again.
     */
    private static OtaVersion checkRetrying(FleetDevice d) {
        for (int attempt = 1; ; attempt++) {
            try {
                return d.check();
            } catch (RuntimeException | AssertionError e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.printf("PROBE %s: check again after %s%n", d.serial, e);
            }
        }
    }

    private static double ms(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
