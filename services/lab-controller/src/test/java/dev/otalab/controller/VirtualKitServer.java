package dev.otalab.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.dto.ButtonRequest;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.FaultRequest;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.PowerRequest;
import dev.otalab.labapi.dto.UartWriteRequest;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server (JDK {@code HttpServer}) answering the lab-api JSON for real
 * {@link VirtualKit}s: the endpoints the controller's plans use (boards, power, button, uart,
 * expect, write, led, program, faults). Test support only; the emulator service does the same with
 * Quarkus.
 */
public final class VirtualKitServer implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("otalab.root", "../.."));
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Pattern BOARD = Pattern.compile("/api/v1/boards/([^/]+)(/.*)?");

    private final HttpServer server;
    private final ExecutorService http = Executors.newFixedThreadPool(8);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService cpu = Executors.newFixedThreadPool(2);
    private final Map<String, VirtualKit> kits = new ConcurrentHashMap<>();
    /** Boards whose next power requests answer 503 (infrastructure trouble), by id. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> powerFailures = new ConcurrentHashMap<>();

    /** Boards answered 404 as if the agent had lost them. */
    private final java.util.Set<String> hidden = ConcurrentHashMap.newKeySet();

    /** While hidden, board {@code id} is answered 404 (a board its agent lost). */
    public void hide(String id, boolean hide) {
        if (hide) {
            hidden.add(id);
        } else {
            hidden.remove(id);
        }
    }

    /** The next {@code n} power requests to board {@code id} answer 503. */
    public void failPower(String id, int n) {
        powerFailures.put(id, new java.util.concurrent.atomic.AtomicInteger(n));
    }

    /** Boards named {@code real-*} look like real kits: no emulated / fault-injection capability. */
    private static dev.otalab.labapi.dto.BoardInfo info(VirtualKit kit) {
        var i = kit.info();
        if (!i.id().startsWith("real-")) {
            return i;
        }
        return new dev.otalab.labapi.dto.BoardInfo(i.id(), i.kit(), i.flashmap(), i.capabilities().stream()
                .filter(c -> !c.equals("emulated") && !c.equals("fault-injection")).toList(), i.power(), i.health());
    }

    public VirtualKitServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/api/v1/boards", this::handle);
        server.setExecutor(http);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a rollback-bootloader kit on the rollback swap layout, powered off with erased flash. */
    public VirtualKit addRollbackKit(String id) {
        return addRollbackKit(id, null);
    }

    /**
     * As {@link #addRollbackKit(String)}, with the OTA Agent configured by {@code ota} (the OTA app
     * and the factory app run it against that broker), or none when null.
     */
    public VirtualKit addRollbackKit(String id, dev.otalab.emulator.ota.OtaConfig ota) {
        KitSpec spec = KitSpec.builder()
                .id(id)
                .kit("CY8CPROTO-062S2-43439")
                .flashmap(Flashmap.read(ROOT.resolve("flashmap/psoc62_2m_rollback_swap.json")))
                .flashmapName("psoc62_2m_rollback_swap")
                .bootloader(BootloaderKind.ROLLBACK)
                .trustedKey(McubootKey.read(ROOT.resolve("keys/otalab-test-ec-p256.pem"), null).publicOnly())
                .watchdogMs(1000)
                .scheduler(scheduler)
                .executor(cpu)
                .ota(ota)
                .build();
        VirtualKit kit = VirtualKit.create(spec);
        kits.put(id, kit);
        return kit;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String method = ex.getRequestMethod();
            if (path.equals("/api/v1/boards") && method.equals("GET")) {
                send(ex, 200, kits.values().stream().map(VirtualKitServer::info)
                        .sorted(java.util.Comparator.comparing(b -> b.id())).toList());
                return;
            }
            Matcher m = BOARD.matcher(path);
            if (!m.matches()) {
                send(ex, 404, Problem.forStatus(404, "no route " + path));
                return;
            }
            VirtualKit kit = hidden.contains(m.group(1)) ? null : kits.get(m.group(1));
            if (kit == null) {
                send(ex, 404, Problem.boardNotFound(m.group(1)));
                return;
            }
            String sub = m.group(2) == null ? "" : m.group(2);
            byte[] body = ex.getRequestBody().readAllBytes();
            switch (method + " " + sub) {
                case "GET " -> send(ex, 200, info(kit));
                case "POST /power" -> {
                    var failures = powerFailures.get(m.group(1));
                    if (failures != null && failures.getAndDecrement() > 0) {
                        send(ex, 503, Problem.forStatus(503, "relay busy"));
                        return;
                    }
                    PowerRequest r = JSON.readValue(body, PowerRequest.class);
                    switch (r.action().wire()) {
                        case "on" -> kit.powerOn();
                        case "off" -> kit.powerOff();
                        default -> kit.powerCycle(r.offMs() == null ? 500 : r.offMs()).get(30, TimeUnit.SECONDS);
                    }
                    send(ex, 200, info(kit));
                }
                case "POST /button" -> {
                    ButtonRequest r = JSON.readValue(body, ButtonRequest.class);
                    switch (r.action().wire()) {
                        case "press" -> kit.press(r.ms() == null ? 200 : r.ms()).get(30, TimeUnit.SECONDS);
                        case "hold" -> {
                            if (r.ms() == null) {
                                kit.hold();
                            } else {
                                kit.hold(r.ms());
                            }
                        }
                        default -> kit.release();
                    }
                    send(ex, 204, null);
                }
                case "GET /uart" -> send(ex, 200, kit.uart(Long.parseLong(q.getOrDefault("since", "0")),
                        Integer.parseInt(q.getOrDefault("limit", "1000"))));
                case "POST /uart/expect" -> send(ex, 200,
                        kit.expect(JSON.readValue(body, ExpectRequest.class)).get(5, TimeUnit.MINUTES));
                case "POST /uart/write" -> {
                    kit.write(JSON.readValue(body, UartWriteRequest.class).text());
                    send(ex, 204, null);
                }
                case "GET /led" -> send(ex, 200, kit.observeLed(Long.parseLong(q.getOrDefault("windowMs", "3000")))
                        .get(2, TimeUnit.MINUTES));
                case "POST /program" -> send(ex, 200, kit.program(FlashTarget.parse(q.get("area")), body,
                        ImageFormat.fromString(q.getOrDefault("format", "bin"))));
                case "POST /faults" -> send(ex, 200, kit.armFault(JSON.readValue(body, FaultRequest.class)));
                default -> send(ex, 404, Problem.forStatus(404, "no route " + method + " " + path));
            }
        } catch (ProblemException e) {
            send(ex, e.problem().status(), e.problem());
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            send(ex, 400, Problem.badRequest(e));
        } catch (Exception e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            if (c instanceof ProblemException pe) {
                send(ex, pe.problem().status(), pe.problem());
            } else {
                send(ex, 500, Problem.forStatus(500, String.valueOf(c)));
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    out.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, Object body) {
        try {
            if (body == null) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            byte[] b = JSON.writeValueAsBytes(body);
            ex.getResponseHeaders().set("Content-Type", status >= 400 ? Problem.MEDIA_TYPE : "application/json");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        } catch (IOException ignored) {
            // client gone
        }
    }

    @Override
    public void close() {
        server.stop(0);
        kits.values().forEach(VirtualKit::close);
        http.shutdownNow();
        scheduler.shutdownNow();
        cpu.shutdownNow();
    }

}
