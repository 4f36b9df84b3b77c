package dev.otalab.agent.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.otalab.agent.board.HardwareException;
import dev.otalab.agent.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * One kit's console UART (the KitProg3 USB-UART bridge) at 115200 8N1 (spec §5), opened by its
 * explicit path with jSerialComm, and a reader thread that feeds a {@link LineBuffer}.
 *
 * <p><b>Re-opening.</b> Cutting the kit's power takes the KitProg3 off the USB bus: its
 * {@code /dev/serial/by-id/...} link disappears and reads fail. The reader then closes the port,
 * ends any partial line, reports the console as lost (board health BAD) and polls for the path
 * every {@code reopenPollMs}. When the path is back it opens a fresh port on it (the link may now
 * point at another {@code ttyACMn}) and reading goes on; the line numbering continues, since it
 * belongs to the {@link LineBuffer}, not to the port.
 *
 * <p>A port counts as lost when its path no longer exists (checked after every read; reads time
 * out every {@value #READ_TIMEOUT_MS} ms so a silent port is checked too) or when
 * {@value #MAX_READ_ERRORS} reads in a row fail while the path is still there (a single failed
 * read, e.g. one interrupted by a signal, is not a loss).
 */
public final class SerialConsole implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SerialConsole.class);
    static final int READ_TIMEOUT_MS = 100;
    private static final int WRITE_TIMEOUT_MS = 2000;
    /** Consecutive failed reads, with the path still there, that count as a lost port. */
    static final int MAX_READ_ERRORS = 3;

    private final String owner;
    private final Path path;
    private final int baud;
    private final int reopenPollMs;
    private final LineBuffer buffer;
    private final Object portLock = new Object();
    private volatile SerialPort port;
    private volatile boolean running;
    private volatile String lostDetail;
    private volatile Instant lostAt;
    private volatile long reopens;
    private Thread reader;

    /**
     * @param owner for messages: {@code board 'kit1'}
     */
    public SerialConsole(String owner, String device, int baud, int reopenPollMs, LineBuffer buffer) {
        this.owner = owner;
        this.path = Path.of(device);
        this.baud = baud;
        this.reopenPollMs = reopenPollMs;
        this.buffer = buffer;
    }

    /**
     * Opens the port and starts reading.
     *
     * @throws ConfigException when the device does not exist or cannot be opened (the agent
     *         refuses to start)
     */
    public void start() {
        if (!Files.exists(path)) {
            throw new ConfigException(owner + ": serial device " + path + " does not exist");
        }
        SerialPort p = openPort();
        if (p == null) {
            throw new ConfigException(owner + ": serial device " + path + " cannot be opened (" + lastOpenError
                    + "; in use by another program, or not readable and writable by this user: group dialout?)");
        }
        port = p;
        running = true;
        reader = new Thread(this::readLoop, "uart-" + path.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /** The configured path. */
    public Path path() {
        return path;
    }

    public LineBuffer buffer() {
        return buffer;
    }

    /** Whether the port is open now. */
    public boolean connected() {
        return port != null;
    }

    /** Why the console is not connected (null when it is). */
    public String lostDetail() {
        return port != null ? null : lostDetail;
    }

    /** When the port was last lost, or null. */
    public Instant lostAt() {
        return lostAt;
    }

    /** How many times the port was re-opened after a loss. */
    public long reopens() {
        return reopens;
    }

    /**
     * Sends bytes to the kit.
     *
     * @throws HardwareException when the port is not there or the write fails
     */
    public void write(byte[] data) {
        synchronized (portLock) {
            SerialPort p = port;
            if (p == null) {
                throw new HardwareException("serial port " + path + " is not present"
                        + (lostDetail == null ? "" : " (" + lostDetail + ")"));
            }
            int off = 0;
            while (off < data.length) {
                int n = p.writeBytes(data, data.length - off, off);
                if (n <= 0) {
                    throw new HardwareException("writing to serial port " + path + " failed (error "
                            + p.getLastErrorCode() + ")");
                }
                off += n;
            }
        }
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        int errors = 0;
        while (running) {
            SerialPort p = port;
            if (p == null) {
                if (Files.exists(path)) {
                    SerialPort fresh = openPort();
                    if (fresh != null) {
                        synchronized (portLock) {
                            port = fresh;
                        }
                        reopens++;
                        LOG.infof("%s: serial port %s is back (%s), reading again", owner, path, fresh.getSystemPortPath());
                        continue;
                    }
                }
                sleep(reopenPollMs);
                continue;
            }
            int n = p.readBytes(buf, buf.length);
            if (n > 0) {
                errors = 0;
                buffer.feed(buf, 0, n);
            } else if (!running) {
                break;
            } else if (!Files.exists(path)) {
                lost(p, "device path vanished");
                errors = 0;
            } else if (n < 0) {
                // a signal or a glitch can fail one read on a healthy port: lost only when it persists
                if (++errors >= MAX_READ_ERRORS) {
                    lost(p, "read failed " + errors + " times (error " + p.getLastErrorCode() + ")");
                    errors = 0;
                } else {
                    sleep(20);
                }
            } else {
                errors = 0;
            }
        }
        SerialPort p = port;
        if (p != null) {
            p.closePort();
        }
    }

    private void lost(SerialPort p, String why) {
        synchronized (portLock) {
            lostAt = Instant.now();
            lostDetail = "serial port " + path + " lost at " + lostAt + ": " + why + "; waiting for it to return";
            port = null; // after the detail: whoever sees the port gone also sees why
        }
        p.closePort();
        buffer.flush();
        LOG.warnf("%s: %s", owner, lostDetail);
    }

    private String lastOpenError = "";

    private SerialPort openPort() {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(path.toString());
        } catch (RuntimeException e) {
            lastOpenError = e.getMessage();
            return null;
        }
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MS, WRITE_TIMEOUT_MS);
        if (!p.openPort()) {
            lastOpenError = "jSerialComm error " + p.getLastErrorCode() + " at " + p.getLastErrorLocation();
            return null;
        }
        return p;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading and closes the port. */
    @Override
    public void close() {
        running = false;
        Thread t = reader;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (portLock) {
            SerialPort p = port;
            if (p != null && p.isOpen()) {
                p.closePort();
            }
            port = null;
        }
    }
}
