package dev.timeos.action.http;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureTest {

    @Test
    void signsTimestampDotBodyWithHmacSha256AsAReceiverRecomputesIt() throws Exception {
        byte[] body = "{\"user_id\":\"123\"}".getBytes(StandardCharsets.UTF_8);
        String header = new Signature("s3cret").sign(1_700_000_000L, body);

        // A receiver with nothing but the JDK and the documented recipe:
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1=" + HexFormat.of().formatHex(
                mac.doFinal(("1700000000." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(header).isEqualTo(expected);
    }

    @Test
    void verificationFailsForAnotherBodyTimestampOrSecret() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Signature s = new Signature("k");
        String header = s.sign(10, body);
        assertThat(s.verify(10, body, header)).isTrue();
        assertThat(s.verify(11, body, header)).isFalse();
        assertThat(s.verify(10, "{ }".getBytes(StandardCharsets.UTF_8), header)).isFalse();
        assertThat(new Signature("other").verify(10, body, header)).isFalse();
        assertThat(s.verify(10, body, null)).isFalse();
    }
}
