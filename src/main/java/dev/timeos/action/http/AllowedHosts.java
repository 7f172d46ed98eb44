package dev.timeos.action.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The hosts an operator trusts with webhooks although they are internal ({@code timeos.http.allowed-hosts}):
 * comma-separated {@code host} (any port) or {@code host:port} entries; IPv6 literals in brackets
 * ({@code [fd00::1]:8443}). A target is matched by the host as written in its URL, so allowing a name trusts whatever
 * it resolves to, and allowing an address does not allow the names that resolve to it.
 */
public final class AllowedHosts {

    public static final AllowedHosts NONE = new AllowedHosts(Set.of(), Set.of());

    private final Set<String> anyPort;
    private final Set<String> hostPorts;

    private AllowedHosts(Set<String> anyPort, Set<String> hostPorts) {
        this.anyPort = anyPort;
        this.hostPorts = hostPorts;
    }

    /** @param list the configured value, null or blank for none */
    public static AllowedHosts parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        Set<String> anyPort = new HashSet<>();
        Set<String> hostPorts = new HashSet<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            int bracket = entry.lastIndexOf(']');
            int colon = entry.lastIndexOf(':');
            boolean hasPort = entry.startsWith("[") ? colon > bracket : colon > 0 && entry.indexOf(':') == colon;
            if (hasPort) {
                hostPorts.add(normalize(entry.substring(0, colon)) + ":" + entry.substring(colon + 1));
            } else {
                anyPort.add(normalize(entry));
            }
        }
        return new AllowedHosts(Set.copyOf(anyPort), Set.copyOf(hostPorts));
    }

    /** @param host the URL's host (brackets or not, any case); @param port the effective port */
    public boolean allows(String host, int port) {
        String h = normalize(host.toLowerCase(Locale.ROOT));
        return anyPort.contains(h) || hostPorts.contains(h + ":" + port);
    }

    public boolean isEmpty() {
        return anyPort.isEmpty() && hostPorts.isEmpty();
    }

    /** Brackets off an IPv6 literal, and the trailing dot off a fully qualified name: one spelling per host. */
    static String normalize(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
