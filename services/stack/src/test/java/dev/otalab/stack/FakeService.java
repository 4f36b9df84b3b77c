package dev.otalab.stack;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in service for {@link ServiceProcessTest}, run as {@code java -jar}: prints a line, then serves
 * {@code /q/health/ready} with 503 for {@code -Dfake.not-ready-ms} and 200 afterwards, on {@code -Dquarkus.http.port}.
 * {@code -Dfake.exit=N} makes it exit at once with status N instead.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("fake service starting, greeting=" + System.getProperty("fake.greeting"));
        String exit = System.getProperty("fake.exit");
        if (exit != null) {
            System.out.println("fake service giving up");
            System.exit(Integer.parseInt(exit));
        }
        long readyAt = System.currentTimeMillis() + Long.getLong("fake.not-ready-ms", 0);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("quarkus.http.port")), 0);
        server.createContext("/q/health/ready", exchange -> {
            int status = System.currentTimeMillis() >= readyAt ? 200 : 503;
            byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake service stopped by signal")));
    }
}
