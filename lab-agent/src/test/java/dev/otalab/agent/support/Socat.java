package dev.otalab.agent.support;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by {@code socat -d -d pty,raw,echo=0,link=<dir>/kit pty,raw,echo=0,link=<dir>/test}:
 * the agent opens {@link #kit()} as the kit's serial port, the test plays the kit on {@link #test()}.
 * {@link #stop()} kills socat (its links vanish, like a KitProg3 leaving the USB bus) and
 * {@link #start()} makes a new pair under the same link names.
 */
public final class Socat implements AutoCloseable {

    private final Path dir;
    private Process process;
    private OutputStream out;

    public Socat(Path dir) {
        this.dir = dir;
    }

    public static Socat start(Path dir) {
        Socat s = new Socat(dir);
        s.start();
        return s;
    }

    public Path kit() {
        return dir.resolve("kit");
    }

    public Path test() {
        return dir.resolve("test");
    }

    public synchronized void start() {
        try {
            process = new ProcessBuilder("socat", "-d", "-d",
                    "pty,raw,echo=0,link=" + kit(), "pty,raw,echo=0,link=" + test())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("socat.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("socat is required for the UART tests (apt-get install -y socat)", e);
        }
        await(() -> Files.exists(kit()) && Files.exists(test()), Duration.ofSeconds(5), "socat links");
        out = null;
    }

    /** Kills socat and waits until its links are gone. */
    public synchronized void stop() {
        closeOut();
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        await(() -> !Files.exists(kit()) && !Files.exists(test()), Duration.ofSeconds(5), "socat links to vanish");
    }

    /** Sends bytes as the kit would print them. */
    public synchronized void send(byte[] data) {
        try {
            if (out == null) {
                out = new FileOutputStream(test().toFile());
            }
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens the kit side's input: what the agent writes to the port. */
    public InputStream openReceiver() throws IOException {
        return new FileInputStream(test().toFile());
    }

    /** Reads exactly {@code n} bytes (FileInputStream.readNBytes seeks, which a pty refuses). */
    public static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new IOException("end of stream after " + off + " bytes");
            }
            off += r;
        }
        return b;
    }

    private void closeOut() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // gone
            }
            out = null;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            stop();
        }
    }

    public interface Check {
        boolean ok() throws Exception;
    }

    /** Polls until {@code check} holds; fails after {@code timeout}. */
    public static void await(Check check, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
