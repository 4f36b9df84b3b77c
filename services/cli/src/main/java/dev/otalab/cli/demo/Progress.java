package dev.otalab.cli.demo;

import java.io.PrintWriter;

/** Progress lines with the time elapsed since the demo started: {@code [  42 s] what happens}. */
public final class Progress {

    private final PrintWriter out;
    private final long start = System.nanoTime();

    public Progress(PrintWriter out) {
        this.out = out;
    }

    public void say(String format, Object... args) {
        out.printf("[%4d s] %s%n", elapsedSeconds(), String.format(format, args));
        out.flush();
    }

    public long elapsedSeconds() {
        return (System.nanoTime() - start) / 1_000_000_000L;
    }
}
