package dev.timeos.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL of the build's PostgreSQL suites, run by Maven ({@code exec:java}, execution {@code test-postgresql},
 * in Maven's own JVM) before the unit tests: when something answers at the probed address (the machine's PostgreSQL,
 * CI's), it does nothing; when nothing does, it starts an embedded PostgreSQL (zonky's binaries from Maven) on that
 * very port, with trust authentication, superuser {@code postgres} and a database {@code test}, so that every URL of
 * the build stays as it is. The server lives until Maven exits (a shutdown hook stops it and removes its data).
 * <p>
 * As root (PostgreSQL refuses to run as root), zonky runs the server inside {@code unshare -U}, where the process is
 * {@code nobody}; where that is not allowed, this fails with a message saying what to do.
 * <p>
 * Arguments: host, port, working directory (for the data and the server's log).
 */
public final class PostgresForTests {

    private static volatile EmbeddedPostgres started;

    private PostgresForTests() {
    }

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 5432;
        Path work = Path.of(args.length > 2 ? args[2] : "target/embedded-postgresql");
        if (answers(host, port)) {
            System.out.println("[timeos] PostgreSQL answers at " + host + ":" + port + ": the PostgreSQL suites use it");
            return;
        }
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalStateException(fix("Nothing answers at " + host + ":" + port + ", which is not this machine: "
                    + "an embedded PostgreSQL can only stand in for a local one"));
        }
        System.out.println("[timeos] Nothing answers at " + host + ":" + port + ": starting an embedded PostgreSQL there");
        start(port, work);
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void start(int port, Path work) throws IOException {
        Path data = work.resolve("data");
        Path log = work.resolve("postgresql.log");
        Files.createDirectories(work);
        deleteTree(data);
        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    // Maven's exec:java ends the thread group it ran this in and closes its class loader: zonky's own
                    // hook would not start then. Ours (below) needs nothing that is not loaded already.
                    .setRegisterShutdownHook(false)
                    // To a file, not through threads of ours that read pipes (exec:java would wait for them).
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            String whoami = System.getProperty("user.name");
            throw new IllegalStateException(fix("The embedded PostgreSQL did not start on 127.0.0.1:" + port + " (" + e
                    + "; its log: " + log.toAbsolutePath() + ")"
                    + ("root".equals(whoami) ? ". PostgreSQL refuses to run as root; zonky runs it inside 'unshare -U', "
                    + "which this machine may not allow" : "")), e);
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE test");
        } catch (SQLException e) {
            throw new IllegalStateException("The embedded PostgreSQL started but refused CREATE DATABASE test: " + e, e);
        }
        started = pg;
        Runtime.getRuntime().addShutdownHook(new Thread(topThreadGroup(), new Stopper(data), "timeos-embedded-postgresql-stop"));
        System.out.println("[timeos] Embedded PostgreSQL " + version(pg) + " on 127.0.0.1:" + port
                + " (database test, user postgres, trust), data in " + data.toAbsolutePath() + ", log " + log.toAbsolutePath()
                + "; it stops when Maven exits");
    }

    private static String version(EmbeddedPostgres pg) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "";
        } catch (SQLException e) {
            return "";
        }
    }

    private static String fix(String problem) {
        return problem + ". Either start a PostgreSQL at that address (trust authentication, user postgres, database "
                + "'test'), or build without the PostgreSQL suites: -DskipPostgresIT (README, \"Tests\").";
    }

    private static ThreadGroup topThreadGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Stops the server at JVM exit: a fast shutdown (SIGINT to the postmaster named in its pid file), then its data goes.
     * JDK classes only, loaded by now: the class loader of this class may be closed when it runs.
     */
    private static final class Stopper implements Runnable {
        private final File data;

        Stopper(Path data) {
            this.data = data.toFile();
        }

        @Override
        public void run() {
            try {
                File pidFile = new File(data, "postmaster.pid");
                if (pidFile.isFile()) {
                    String pid = Files.readAllLines(pidFile.toPath(), StandardCharsets.US_ASCII).get(0).trim();
                    new ProcessBuilder("kill", "-INT", pid).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
                    var postmaster = ProcessHandle.of(Long.parseLong(pid));
                    if (postmaster.isPresent()) {
                        postmaster.get().onExit().get(20, TimeUnit.SECONDS);
                    }
                }
                new ProcessBuilder("rm", "-rf", data.getPath()).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("[timeos] Could not stop the embedded PostgreSQL (" + data + "): " + e);
            }
        }
    }
}
