package dev.timeos.examples.shop;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The container tests' side: the shop's WAR as built, and an HTTP client of its server, as the shop's users. */
final class ShopClient {

    private static final String BASE = "http://127.0.0.1:" + Integer.getInteger("shop.http.port", 9088);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ShopClient() {
    }

    /** {@code target/shop.war}: the shop's classes and TimeOS's classes jar, as {@code mvn package} built them. */
    static WebArchive war() {
        File war = new File(System.getProperty("shop.war", "target/shop.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: the test runs after 'mvn package' (use mvn verify)");
        }
        return ShrinkWrap.create(ZipImporter.class, "shop.war").importFrom(war).as(WebArchive.class);
    }

    record Reply(int status, String contentType, String body) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(BASE + path));
    }

    /** With the login of the server's TimeOS administrator (the pom hands both sides SHOP_ADMIN_USER / _PASSWORD). */
    static HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
        String user = System.getenv().getOrDefault("SHOP_ADMIN_USER", "shop-admin");
        String password = System.getenv().getOrDefault("SHOP_ADMIN_PASSWORD", "shop-admin-password");
        return request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    static Reply placeOrder(String id, boolean refuseAfterEvent) {
        String body = Json.createObjectBuilder().add("id", id).add("item", "a book").add("refuseAfterEvent", refuseAfterEvent)
                .build().toString();
        return send(to("/shop/orders").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code GET /shop/orders/{id}}: the order, its event and its jobs. */
    static JsonObject order(String id) {
        Reply r = send(to("/shop/orders/" + id).GET());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static Map<String, JsonObject> jobsByAction(JsonObject shown) {
        return shown.getJsonArray("jobs").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(j -> j.getString("action"), j -> j));
    }
}
