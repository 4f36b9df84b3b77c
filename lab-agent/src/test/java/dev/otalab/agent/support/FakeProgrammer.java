package dev.otalab.agent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stand-in for openocd: a shell script that records each call's arguments (one per line in
 * {@code calls/N.args}) and a copy of the image it was given (the word after {@code program} in
 * an argument, in {@code calls/N.image}). With a file {@code fail} beside it, it prints 30 lines
 * {@code Error: step K} and exits 3; with {@code sleep} it sleeps that many seconds first.
 */
public final class FakeProgrammer {

    private final Path dir;

    private FakeProgrammer(Path dir) {
        this.dir = dir;
    }

    public static FakeProgrammer create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("calls"));
            Path script = dir.resolve("fake-openocd.sh");
            Files.writeString(script, """
                    #!/bin/sh
                    here=$(dirname "$0")
                    n=$(ls "$here/calls" | grep -c '\\.args$')
                    for a in "$@"; do printf '%s\\n' "$a"; done > "$here/calls/$n.args.tmp"
                    for a in "$@"; do
                      case "$a" in
                        "program "*) img=$(printf '%s' "$a" | cut -d' ' -f2); cp "$img" "$here/calls/$n.image" ;;
                      esac
                    done
                    mv "$here/calls/$n.args.tmp" "$here/calls/$n.args"
                    echo "Open On-Chip Debugger (fake)"
                    if [ -f "$here/sleep" ]; then sleep "$(cat "$here/sleep")"; fi
                    if [ -f "$here/fail" ]; then
                      i=1
                      while [ $i -le 30 ]; do echo "Error: step $i"; i=$((i+1)); done
                      exit 3
                    fi
                    echo "** Programming Finished **"
                    echo "** Verified OK **"
                    exit 0
                    """);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new FakeProgrammer(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path script() {
        return dir.resolve("fake-openocd.sh");
    }

    /** The template the tests configure: OpenOCD's own shape. */
    public String template() {
        return script() + " -s /usr/share/openocd/scripts -f interface/kitprog3.cfg -f target/psoc6_2m.cfg"
                + " -c \"program {image} {address} verify reset exit\"";
    }

    public void failing(boolean fail) {
        try {
            if (fail) {
                Files.writeString(dir.resolve("fail"), "");
            } else {
                Files.deleteIfExists(dir.resolve("fail"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sleeping(Integer seconds) {
        try {
            if (seconds != null) {
                Files.writeString(dir.resolve("sleep"), seconds.toString());
            } else {
                Files.deleteIfExists(dir.resolve("sleep"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int calls() {
        try (Stream<Path> s = Files.list(dir.resolve("calls"))) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".args")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The arguments of call {@code n} (0-based). */
    public List<String> args(int n) {
        try {
            return Files.readAllLines(dir.resolve("calls").resolve(n + ".args"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image the call {@code n} was given, as it was when the tool ran. */
    public byte[] image(int n) {
        try {
            return Files.readAllBytes(dir.resolve("calls").resolve(n + ".image"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
