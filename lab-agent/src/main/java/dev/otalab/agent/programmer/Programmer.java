package dev.otalab.agent.programmer;

import dev.otalab.agent.board.HardwareException;
import dev.otalab.labapi.dto.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Programs a kit with an external tool, normally OpenOCD with the KitProg3 probe:
 *
 * <pre>openocd -s /usr/share/openocd/scripts -f interface/kitprog3.cfg -f target/psoc6_2m.cfg \
 *   -c "program {image} {address} verify reset exit"</pre>
 *
 * The uploaded image is written to a temporary file ({@code .bin} or {@code .hex}, which is how
 * OpenOCD tells the formats apart) in the work directory, the command template is filled in
 * ({@code {image}} the file, {@code {address}} {@code 0x…} for a bin and empty for a hex,
 * {@code {format}}, {@code {board}}, {@code {probe}}) and run without a shell. A non-zero exit, a
 * timeout or a tool that cannot start is a {@link HardwareException} carrying the tool's last output
 * lines. One programming at a time per board; the file is deleted afterwards.
 */
public final class Programmer {

    private static final Logger LOG = Logger.getLogger(Programmer.class);

    private final String boardId;
    private final CommandTemplate command;
    private final String probe;
    private final Duration timeout;
    private final int outputLines;
    private final Path workDir;
    private final ReentrantLock lock = new ReentrantLock();

    public Programmer(String boardId, String commandTemplate, String probe, int timeoutSeconds, int outputLines,
            Path workDir) {
        this.boardId = boardId;
        this.command = CommandTemplate.parse(commandTemplate, List.of("image", "address", "format", "board", "probe"),
                List.of("image"));
        this.probe = probe;
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.outputLines = outputLines;
        this.workDir = workDir;
    }

    /**
     * Runs the programmer on {@code image}.
     *
     * @param address where a bin goes; ignored (substituted empty) for a hex
     * @return the tool's run (exit 0)
     * @throws HardwareException when the tool fails, times out or cannot start, or the image cannot
     *         be written to the work directory
     */
    public ProcessRunner.Result program(byte[] image, ImageFormat format, Long address) {
        lock.lock();
        Path file = null;
        try {
            try {
                file = Files.createTempFile(workDir, "otalab-" + boardId + "-", "." + format.wire());
                Files.write(file, image);
            } catch (IOException e) {
                throw new HardwareException("cannot write the image to " + workDir + ": " + e.getMessage(), e);
            }
            Map<String, String> values = new HashMap<>();
            values.put("image", file.toString());
            values.put("address", format == ImageFormat.BIN && address != null ? String.format("0x%08x", address) : "");
            values.put("format", format.wire());
            values.put("board", boardId);
            values.put("probe", probe == null ? "" : probe);
            List<String> argv = command.render(values);
            LOG.infof("board '%s': programming %d bytes (%s): %s", boardId, image.length, format, argv);
            ProcessRunner.Result r = ProcessRunner.run(argv, timeout, outputLines);
            if (!r.ok()) {
                throw new HardwareException(r.describe("programmer '" + argv.get(0) + "'"));
            }
            return r;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("cannot delete %s: %s", file, e.getMessage());
                }
            }
            lock.unlock();
        }
    }

    /** The configured template. */
    public CommandTemplate command() {
        return command;
    }
}
