package dev.timeos.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * One Liberty server of {@link ClusterKillIT}: a server directory of its own under the Liberty the build laid out,
 * run as a child JVM of the test ({@code server run}, which execs the JVM), so that the test can kill it with
 * SIGKILL and is sure to find every JVM it started.
 */
final class ClusterNode {

    /** The node id (MicroProfile Config {@code timeos.node.id}), as the engine writes it in leases and executions. */
    final String id;
    final String serverName;
    final int httpPort;
    final int httpsPort;
    final Api api;

    private final Path wlp;
    private final Path log;
    private Process process;

    ClusterNode(String id, String serverName, int httpPort, int httpsPort, Path wlp, Path logDir) {
        this.id = id;
        this.serverName = serverName;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.api = new Api("http://localhost:" + httpPort + "/");
        this.wlp = wlp;
        this.log = logDir.resolve(serverName + ".log");
    }

    /**
     * A fresh server directory (no workarea or logs of an earlier run): the project's server configuration, included
     * rather than copied so that it is the one the other suites use, plus the test WAR at the root context.
     */
    void create(Path libertyConfig, Path war) throws IOException {
        Path dir = serverDir();
        deleteTree(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <server description="TimeOS cluster test node %s">
                    <include location="%s"/>
                    <webApplication id="timeos" name="timeos" location="%s" contextRoot="/"/>
                </server>
                """.formatted(id, libertyConfig.resolve("server.xml").toAbsolutePath(), war.toAbsolutePath()));
        Path jvmOptions = libertyConfig.resolve("jvm.options");
        if (Files.isRegularFile(jvmOptions)) {
            Files.copy(jvmOptions, dir.resolve("jvm.options"));
        }
    }

    /**
     * Starts the server with exactly the configuration given here: variables of the test JVM's own environment that
     * TimeOS or Liberty would read (failsafe sets some for the other suites, such as a 1 s reaper) are dropped, so the
     * engine runs on its defaults.
     */
    void start(Map<String, String> configuration) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(serverScript(), "run", serverName)
                .directory(wlp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TIMEOS_") || k.startsWith("WLP_") || k.equals("HTTP_PORT")
                || k.equals("HTTPS_PORT") || k.equals("LOG_DIR") || k.equals("JVM_ARGS") || k.equals("OPENJ9_JAVA_OPTIONS")
                || k.equals("IBM_JAVA_OPTIONS") || k.equals("JAVA_TOOL_OPTIONS"));
        // The servers run on the test's Java, whatever JAVA_HOME the shell had.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HTTP_PORT", Integer.toString(httpPort));
        env.put("HTTPS_PORT", Integer.toString(httpsPort));
        env.put("TIMEOS_NODE_ID", id);
        env.putAll(configuration);
        process = pb.start();
        process.getOutputStream().close();
    }

    /** Waits for the application to answer; fails at once if the JVM exits, either way with the server's last output. */
    void awaitReady(Duration within) {
        try {
            await("node " + id + " answering GET /api/stats on port " + httpPort)
                    .atMost(within).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .failFast("server " + serverName + " exited", () -> !process.isAlive())
                    .until(() -> api.get("/api/stats").status() == 200);
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; last output of " + log + ":\n" + tail(), e);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * {@code kill -9}: SIGKILL to the server JVM and anything it started, taken before the first signal (a killed
     * parent's children are re-parented and no longer its descendants). Returns once none of them is alive.
     */
    void kill() {
        List<ProcessHandle> all = processes();
        all.forEach(ProcessHandle::destroyForcibly);
        await("node " + id + " dead after SIGKILL").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
    }

    /**
     * Starts a graceful {@code server stop} (which itself ends when the server has stopped or its timeout passes),
     * to be awaited with {@link #awaitStopped}: the nodes stop side by side.
     */
    Process requestStop() {
        if (!isAlive()) {
            return null;
        }
        try {
            return new ProcessBuilder(serverScript(), "stop", serverName)
                    .directory(wlp.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            System.err.println("clean-up: could not run 'server stop " + serverName + "': " + e);
            return null;
        }
    }

    /** Waits (bounded) for the graceful stop, then kills whatever is left: no JVM of the test outlives it. */
    void awaitStopped(Process stopper, Duration within) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = processes();
        long deadline = System.nanoTime() + within.toNanos();
        try {
            if (stopper != null && !stopper.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                stopper.destroyForcibly();
            }
            process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forceKill(all);
        }
    }

    /** The last resort (a JVM shutdown hook): SIGKILL, no waiting. */
    void forceKill() {
        if (process != null) {
            forceKill(processes());
        }
    }

    private static void forceKill(List<ProcessHandle> all) {
        for (ProcessHandle p : all) {
            if (p.isAlive()) {
                System.err.println("clean-up: killing " + p.pid() + " " + p.info().command().orElse(""));
                p.destroyForcibly();
            }
        }
    }

    private List<ProcessHandle> processes() {
        return Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants()).toList();
    }

    /** Refuses to start beside a JVM of this server left by an earlier run, or on a port someone else holds. */
    void checkNothingInTheWay() {
        String launcher = wlp.resolve("bin/tools/ws-server.jar").toAbsolutePath().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine()
                        .map(c -> c.contains(launcher) && c.matches(".*\\s" + serverName + "(\\s.*)?$")).orElse(false))
                .findFirst()
                .ifPresent(p -> {
                    throw new IllegalStateException("server " + serverName + " is already running (pid " + p.pid()
                            + "), left by an earlier run: stop it with " + serverScript() + " stop " + serverName);
                });
        for (int port : new int[]{httpPort, httpsPort}) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " of node " + id + " is in use: choose other ports with "
                        + "-Dtimeos.cluster.http.port / -Dtimeos.cluster.https.port", e);
            }
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    Path log() {
        return log;
    }

    private Path serverDir() {
        return wlp.resolve("usr/servers").resolve(serverName);
    }

    private String serverScript() {
        return wlp.resolve("bin/server").toAbsolutePath().toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return id + " (" + serverName + ", port " + httpPort + ")";
    }
}
