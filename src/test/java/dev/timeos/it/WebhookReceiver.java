package dev.timeos.it;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The webhook receiver of the container tests: a real HTTP server on 127.0.0.1 (the only address the tests' server
 * allows, and the only kind this machine may contact). Each path answers from a script: the n-th request (0-based)
 * gets the n-th reply; every request is recorded with its headers, body and arrival time.
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(String method, String path, Headers headers, byte[] body, long atMillis) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** @param delayMillis how long the receiver waits before it answers (a slow endpoint) */
    record Reply(int status, Map<String, String> headers, String body, long delayMillis) {
        Reply(int status, Map<String, String> headers, String body) {
            this(status, headers, body, 0);
        }

        static Reply of(int status) {
            return new Reply(status, Map.of(), "");
        }

        static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body);
        }
    }

    private final HttpServer server;
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, IntFunction<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Received(
                        exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body, System.currentTimeMillis()));
                int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
                Reply reply = scripts.getOrDefault(path, i -> Reply.of(200)).apply(n);
                if (reply.delayMillis() > 0) {
                    try {
                        Thread.sleep(reply.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    exchange.getResponseBody().write(out);
                }
            }
        });
        // A thread per request: a receiver that is made slow on one path must not hold the others back.
        server.setExecutor(executor);
        server.start();
    }

    /** Answers the n-th request to {@code path} with {@code script.apply(n)} (default: 200). */
    void on(String path, IntFunction<Reply> script) {
        scripts.put(path, script);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received(String path) {
        return received.getOrDefault(path, List.of());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
