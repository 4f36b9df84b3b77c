package dev.otalab.jobs;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Helpers shared by the test classes. */
public final class TestSupport {

    public static final String PREPEND = "MyUniqueTopic";
    private static final AtomicInteger SUFFIX = new AtomicInteger(ThreadLocalRandom.current().nextInt(65536));

    private TestSupport() {
    }

    /** A board prefix of its own for one test class: {@code APP_T<tag>_<hex>_}. */
    public static String boardPrefix(String tag) {
        return "APP_T" + tag + "_" + Long.toHexString(System.nanoTime() & 0xFFFFFFFFL).toUpperCase() + "_";
    }

    /** A digest (SHA-256 hex) derived from {@code seed}. */
    public static String digest(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((seed + System.nanoTime()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh unique-topic suffix 0..65535 (distinct for 65536 calls). */
    public static int nextSuffix() {
        return SUFFIX.getAndIncrement() & 0xFFFF;
    }

    public static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** PUT a job, expecting {@code status}. */
    public static Response putJob(String board, String json) {
        return given().contentType(ContentType.JSON).body(json)
                .urlEncodingEnabled(false)
                .put("/api/v1/jobs/" + encode(board));
    }

    /** Waits until the service is ready: database, the incoming subscription, the answer publisher. */
    public static void awaitReady() {
        eventually(Duration.ofSeconds(60), () -> given().get("/q/health/ready").statusCode() == 200,
                "job-service ready");
    }

    public static void eventually(Duration limit, Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The value of one Prometheus sample line ({@code name{labels} value}), 0 when absent. */
    public static double metric(String name, String labels) {
        String text = given().get("/q/metrics").asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            boolean sample = line.startsWith(name + "{") || line.startsWith(name + " ");
            if (sample && labelsMatch(line, labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static boolean labelsMatch(String line, String labels) {
        for (String label : labels.split(",")) {
            if (!label.isEmpty() && !line.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
