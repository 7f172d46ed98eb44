package dev.timeos.rule.condition;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** JSON payloads for condition tests, written as JSON text so that they read like real events. */
final class Payloads {

    /** Looked up once: the static {@code Json.create...} methods look the provider up on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    /** An order-like payload exercising every JSON type, nesting, arrays and awkward keys. */
    static final JsonObject ORDER = json("""
            {
              "amount": 1500,
              "amountDecimal": 1000.0,
              "amountString": "1000",
              "negative": -5,
              "price": 19.99,
              "qty": 3,
              "zero": 0,
              "currency": "USD",
              "country": "US",
              "vip": true,
              "blocked": false,
              "nothing": null,
              "customer": {"name": "Ada Lovelace", "tier": "gold", "address": {"city": "London", "zip": "N1"}},
              "items": [{"sku": "A-1", "qty": 2, "price": 10.5}, {"sku": "B-2", "qty": 1, "price": 100}],
              "tags": ["new", "promo", 2],
              "matrix": [[1, 2], [3, 4]],
              "key with space": "yes",
              "in": "keyword key",
              "class": "economy",
              "unicode": "caf\\u00e9"
            }
            """);

    private Payloads() {
    }

    static JsonObject json(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
