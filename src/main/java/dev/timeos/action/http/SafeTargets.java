package dev.timeos.action.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a webhook may go: the decision, with no I/O of its own. By default a webhook must not reach this machine or
 * the internal network it sits in (server-side request forgery): loopback, unspecified, link-local (which holds the
 * cloud metadata service 169.254.169.254), private (10/8, 172.16/12, 192.168/16, IPv6 unique-local fc00::/7, which
 * holds AWS's fd00:ec2::254), carrier-grade NAT (100.64/10), multicast and broadcast addresses are refused, unless
 * the operator allows the host ({@link AllowedHosts}).
 * <p>
 * Checked twice: at creation on the URL as written ({@link #refusedAsWritten}: IP literals and names that can only
 * be internal, no DNS inside the creating transaction), and before every request and redirect hop on every address
 * the name resolves to ({@link #refusedAfterResolution}).
 */
public final class SafeTargets {

    /** Looks a host name up; the real one is {@link InetAddress#getAllByName}, tests give fixed answers. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Names that only ever mean this machine or the cloud's metadata service. */
    private static final Set<String> INTERNAL_NAMES = Set.of("localhost", "localhost.localdomain", "ip6-localhost",
            "ip6-loopback", "metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal");
    private static final Pattern DECIMAL_LABELS = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");
    private static final Pattern NUMERIC_LABELS = Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}");

    /** Stands for a numeric host that is no address at all (999.1.1.1): refused like an internal one. */
    private static final InetAddress UNREADABLE = InetAddress.getLoopbackAddress();

    private final AllowedHosts allowed;

    public SafeTargets(AllowedHosts allowed) {
        this.allowed = allowed;
    }

    public boolean allowed(URI uri) {
        return allowed.allows(uri.getHost(), port(uri));
    }

    /** @return why the URL is refused as written, or null when it may be tried (and is checked again at run time) */
    public String refusedAsWritten(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an absolute http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        // java.net.URI reads any number of digits as a port; the HTTP client refuses one out of range at every attempt.
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return "must have a port from 1 to 65535";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials in the URL; send them as a header";
        }
        if (allowed(uri)) {
            return null;
        }
        String host = AllowedHosts.normalize(uri.getHost().toLowerCase(Locale.ROOT));
        if (INTERNAL_NAMES.contains(host) || host.endsWith(".localhost")) {
            return "refused: " + host + " is an internal host name" + allowHint();
        }
        if (ambiguousNumeric(host)) {
            return "refused: write an IP address as four decimal numbers, not " + host;
        }
        InetAddress literal = literal(host);
        if (literal == UNREADABLE) {
            return "refused: " + host + " is not a valid IP address";
        }
        if (literal != null) {
            String why = refusedAddress(literal);
            return why == null ? null : "refused: " + host + " is " + why + allowHint();
        }
        return null;
    }

    /**
     * @return why the URL is refused once its host is resolved, or null when every address it resolves to is public
     * (or the host is allowed)
     * @throws UnknownHostException when the name does not resolve (now): worth a retry, not a refusal
     */
    public String refusedAfterResolution(URI uri, Resolver resolver) throws UnknownHostException {
        String asWritten = refusedAsWritten(uri);
        if (asWritten != null || allowed(uri)) {
            return asWritten;
        }
        String host = AllowedHosts.normalize(uri.getHost());
        // Every address: the client may connect to any one of them.
        for (InetAddress a : resolver.resolve(host)) {
            String why = refusedAddress(a);
            if (why != null) {
                return "refused: " + host + " resolves to " + a.getHostAddress() + ", " + why + allowHint();
            }
        }
        return null;
    }

    /** @return what kind of internal address this is, or null for a public one */
    public static String refusedAddress(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            InetAddress embedded = embeddedIpv4(v6.getAddress());
            if (embedded != null) {
                return refusedAddress(embedded);
            }
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata lives there)";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "a 'this network' address";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "a carrier-grade NAT address";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "an IETF protocol address";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "a benchmarking network address";
            }
            if (first >= 240) {
                return "a reserved or broadcast address";
            }
        } else if ((b[0] & 0xfe) == 0xfc) {
            return "a private (unique-local) address";
        } else if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "a private (site-local) address";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}) or IPv4-compatible IPv6 address, or null. */
    private static InetAddress embeddedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return null;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        // ::a.b.c.d, but not :: and ::1, which are IPv6's own unspecified and loopback addresses.
        boolean compatible = b[10] == 0 && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
        if (!mapped && !compatible) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The address a host written as an IP literal stands for, or null for a name; no DNS either way. Java reads
     * shortened numeric forms too ({@code 2130706433}, {@code 127.1} are 127.0.0.1), so any host made of one to four
     * decimal labels is read as Java's client would read it.
     */
    static InetAddress literal(String host) {
        try {
            if (host.contains(":")) {
                // Only ever an IPv6 literal here (the URL parser accepts ':' in a host only inside brackets): no DNS.
                return InetAddress.getByName(host);
            }
            if (!DECIMAL_LABELS.matcher(host).matches()) {
                return null;
            }
            byte[] b = ipv4(host.split("\\."));
            return b == null ? UNREADABLE : InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Java's reading of one to four decimal labels (the last one fills the remaining bytes), done here so that no
     * lookup ever starts: {@code InetAddress.getByName} would ask DNS for a form it cannot read, such as 999.1.1.1.
     *
     * @return the four bytes, or null when a label is out of range
     */
    private static byte[] ipv4(String[] labels) {
        long[] v = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].length() > 10) {
                return null;
            }
            v[i] = Long.parseLong(labels[i]);
        }
        int last = labels.length - 1;
        long lastMax = (1L << (8 * (4 - last))) - 1;
        if (v[last] > lastMax) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < last; i++) {
            if (v[i] > 255) {
                return null;
            }
            b[i] = (byte) v[i];
        }
        for (int i = 3; i >= last; i--) {
            b[i] = (byte) (v[last] >> (8 * (3 - i)));
        }
        return b;
    }

    /** Hex or octal-looking numeric hosts ({@code 0x7f.1}): no public service is named so, and readers disagree. */
    static boolean ambiguousNumeric(String host) {
        return !DECIMAL_LABELS.matcher(host).matches() && NUMERIC_LABELS.matcher(host).matches();
    }

    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private String allowHint() {
        return "; an operator may allow the host with timeos.http.allowed-hosts";
    }
}
