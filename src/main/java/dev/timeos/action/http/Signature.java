package dev.timeos.action.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The webhook signature: {@code v1=} and the hex HMAC-SHA256, keyed with the configured secret, of
 * {@code <timestamp>.<body>}, where the timestamp is the {@link #TIMESTAMP_HEADER} value (Unix seconds) and the body
 * the exact bytes sent (empty for a request without one). Signing the timestamp lets a receiver refuse replays of an
 * old request: recompute, compare in constant time, and reject timestamps more than a few minutes old.
 */
public final class Signature {

    public static final String SIGNATURE_HEADER = "X-TimeOS-Signature";
    public static final String TIMESTAMP_HEADER = "X-TimeOS-Timestamp";
    public static final String SCHEME = "v1=";

    private final byte[] key;

    public Signature(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@link #SIGNATURE_HEADER} value for this timestamp and body. */
    public String sign(long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return SCHEME + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** What a receiver does: true when the header value is this timestamp and body signed with the secret. */
    public boolean verify(long epochSeconds, byte[] body, String headerValue) {
        if (headerValue == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(epochSeconds, body).getBytes(StandardCharsets.US_ASCII),
                headerValue.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
