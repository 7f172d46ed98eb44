package dev.timeos.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The Liberty server's own log, read by the tests that check what hostile requests leave behind: what was written to
 * messages.log and how many FFDC incidents appeared since a mark.
 */
final class ServerLog {

    private final Path logs;
    private final long messagesAtMark;
    private final long ffdcAtMark;

    private ServerLog(Path logs) {
        this.logs = logs;
        this.messagesAtMark = size(logs.resolve("messages.log"));
        this.ffdcAtMark = ffdcCount(logs);
    }

    /** From now on: what the server writes after this call. */
    static ServerLog mark() {
        return new ServerLog(Path.of(System.getProperty("timeos.wlp.home", "target/liberty/wlp"), "usr/servers",
                System.getProperty("timeos.liberty.server", "timeos"), "logs"));
    }

    /** What messages.log gained since the mark. */
    String newMessages() {
        Path p = logs.resolve("messages.log");
        try {
            if (!Files.exists(p)) {
                return "";
            }
            byte[] all = Files.readAllBytes(p);
            int from = (int) Math.min(messagesAtMark, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stack frames ("\tat ...") among the new lines: a refused request must write none. */
    long newStackFrames() {
        return newMessages().lines().filter(l -> l.startsWith("\tat ")).count();
    }

    long newFfdcIncidents() {
        return ffdcCount(logs) - ffdcAtMark;
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ffdcCount(Path logs) {
        Path ffdc = logs.resolve("ffdc");
        if (!Files.isDirectory(ffdc)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(ffdc)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ffdc_")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
