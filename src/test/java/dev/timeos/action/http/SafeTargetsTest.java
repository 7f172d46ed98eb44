package dev.timeos.action.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The safe-target decision on addresses and URLs. No traffic: addresses are made from their bytes
 * ({@link InetAddress#getByName} of a literal does no lookup) and names resolve through a fixed table.
 */
class SafeTargetsTest {

    private static final SafeTargets DEFAULT = new SafeTargets(AllowedHosts.NONE);

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "169.254.169.254", "169.254.0.1",
            "fe80::1", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.10", "fd00::1",
            "fd00:ec2::254", "fc00::1", "100.64.0.1", "224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:10.0.0.1",
            "::ffff:169.254.169.254", "::ffff:127.0.0.1", "192.0.0.170", "198.18.0.1", "fec0::1"})
    void internalAddressesAreRefused(String literal) throws UnknownHostException {
        assertThat(SafeTargets.refusedAddress(ip(literal))).as(literal).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1",
            "2606:2800:220:1:248:1893:25c8:1946", "11.0.0.1"})
    void publicAddressesPass(String literal) throws UnknownHostException {
        assertThat(SafeTargets.refusedAddress(ip(literal))).as(literal).isNull();
    }

    @Test
    void theMetadataAddressIsNamedForWhatItIs() throws UnknownHostException {
        assertThat(SafeTargets.refusedAddress(ip("169.254.169.254"))).contains("link-local");
        assertThat(SafeTargets.refusedAddress(ip("::1"))).contains("loopback");
        assertThat(SafeTargets.refusedAddress(ip("192.168.0.1"))).contains("private");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/x", "http://localhost/hook", "http://LOCALHOST./hook",
            "http://api.localhost/", "http://[::1]:9000/", "http://169.254.169.254/latest/meta-data/",
            "http://metadata.google.internal/computeMetadata/v1/", "http://10.1.2.3/", "https://[fd00::1]/",
            "http://2130706433/", "http://127.1/", "http://10.1/", "http://999.1.1.1/", "http://0/", "http://0x7f.0.0.1/", "http://[::ffff:127.0.0.1]/",
            "ftp://example.com/", "file:///etc/passwd", "http://user:pw@example.com/",
            "https://hooks.example.com:65536/", "https://hooks.example.com:99999/", "https://hooks.example.com:0/"})
    void knownBadTargetsAreRefusedAsWritten(String url) {
        assertThat(DEFAULT.refusedAsWritten(URI.create(url))).as(url).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/x", "http://93.184.216.34/", "https://cafe.de/", "http://a1.b2/",
            "https://hooks.example.com:65535/", "https://hooks.example.com:1/"})
    void namesAndPublicLiteralsPassAsWritten(String url) {
        assertThat(DEFAULT.refusedAsWritten(URI.create(url))).as(url).isNull();
    }

    @Test
    void aNameThatResolvesToAnInternalAddressIsRefusedAfterResolution() throws UnknownHostException {
        SafeTargets.Resolver dns = host -> switch (host) {
            case "internal.example.com" -> new InetAddress[]{ip("93.184.216.34"), ip("10.0.0.7")};
            case "metadata.example.com" -> new InetAddress[]{ip("169.254.169.254")};
            case "public.example.com" -> new InetAddress[]{ip("93.184.216.34"), ip("2606:2800:220:1::1")};
            default -> throw new UnknownHostException(host);
        };
        assertThat(DEFAULT.refusedAfterResolution(URI.create("https://internal.example.com/"), dns))
                .contains("10.0.0.7").contains("private");
        assertThat(DEFAULT.refusedAfterResolution(URI.create("http://metadata.example.com/"), dns))
                .contains("169.254.169.254");
        assertThat(DEFAULT.refusedAfterResolution(URI.create("https://public.example.com/hook"), dns)).isNull();
        assertThatThrownBy(() -> DEFAULT.refusedAfterResolution(URI.create("https://gone.example.com/"), dns))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void anAllowedHostIsTrustedWithoutLookingItUp() throws UnknownHostException {
        SafeTargets allowing = new SafeTargets(AllowedHosts.parse(" 127.0.0.1 , internal.example.com:8443,[fd00::5]"));
        SafeTargets.Resolver noDns = host -> {
            throw new AssertionError("an allowed host is not resolved: " + host);
        };
        assertThat(allowing.refusedAfterResolution(URI.create("http://127.0.0.1:1234/x"), noDns)).isNull();
        assertThat(allowing.refusedAfterResolution(URI.create("https://internal.example.com:8443/"), noDns)).isNull();
        assertThat(allowing.refusedAsWritten(URI.create("http://[fd00::5]:80/"))).isNull();
        // The port matters when the entry names one; another loopback spelling is another host.
        SafeTargets.Resolver internal = host -> new InetAddress[]{ip("10.0.0.1")};
        assertThat(allowing.refusedAfterResolution(URI.create("https://internal.example.com/"), internal)).isNotNull();
        assertThat(allowing.refusedAsWritten(URI.create("http://localhost:1234/"))).isNotNull();
        assertThat(allowing.refusedAsWritten(URI.create("http://127.0.0.2/"))).isNotNull();
    }

    @Test
    void shortNumericFormsAreReadAsJavaReadsThem() throws UnknownHostException {
        assertThat(SafeTargets.literal("2130706433")).isEqualTo(ip("127.0.0.1"));
        assertThat(SafeTargets.literal("127.1")).isEqualTo(ip("127.0.0.1"));
        assertThat(SafeTargets.literal("10.1.258")).isEqualTo(ip("10.1.1.2"));
        assertThat(SafeTargets.literal("93.184.216.34")).isEqualTo(ip("93.184.216.34"));
        assertThat(SafeTargets.literal("hooks.example.com")).isNull();
    }

    @Test
    void theRefusalSaysHowToAllowTheHost() {
        assertThat(DEFAULT.refusedAsWritten(URI.create("http://127.0.0.1/"))).contains("timeos.http.allowed-hosts");
    }
}
