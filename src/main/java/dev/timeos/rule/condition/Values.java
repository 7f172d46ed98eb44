package dev.timeos.rule.condition;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** Conversion from JSON and the equality and ordering rules of the language. */
final class Values {

    private Values() {
    }

    static Object of(JsonValue value) {
        switch (value.getValueType()) {
            case NUMBER: return ((JsonNumber) value).bigDecimalValue();
            case STRING: return ((JsonString) value).getString();
            case TRUE: return Boolean.TRUE;
            case FALSE: return Boolean.FALSE;
            case NULL: return null;
            default: return value; // JsonObject or JsonArray, compared structurally
        }
    }

    /** Numbers by value (1000 == 1000.0), arrays and objects deeply, different types never equal. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof JsonArray x && b instanceof JsonArray y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<JsonValue> i = x.iterator();
            Iterator<JsonValue> j = y.iterator();
            while (i.hasNext()) {
                if (!equal(of(i.next()), of(j.next()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof JsonObject x && b instanceof JsonObject y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Map.Entry<String, JsonValue> entry : x.entrySet()) {
                if (!equal(of(entry.getValue()), of(y.get(entry.getKey())))) {
                    return false;
                }
            }
            return true;
        }
        // Strings and booleans; a string never equals a number ("1000" != 1000): no coercion.
        return a.getClass() == b.getClass() && a.equals(b);
    }

    /** The order of two numbers or two strings; null when they cannot be ordered. */
    static Integer order(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        return null;
    }

    /** Below this needle length the JDK's search, quadratic only in theory, is cheaper than building a table. */
    private static final int SHORT_NEEDLE = 32;

    /**
     * {@code text.contains(part)} in time linear in both lengths.
     *
     * <p>{@link String#contains} is a naive search: O(text × part) for inputs like "aaa...ab" in
     * "aaa...a". Both sides may come from an event payload ({@code payload.a contains payload.b}), and
     * the cost of a condition must not depend on how hostile the payload is, so long needles use
     * Knuth-Morris-Pratt.
     */
    static boolean containsSubstring(String text, String part) {
        if (part.length() <= SHORT_NEEDLE) {
            return text.contains(part);
        }
        if (part.length() > text.length()) {
            return false;
        }
        // failure[i]: length of the longest proper prefix of part[0..i] that is also its suffix.
        int[] failure = new int[part.length()];
        for (int i = 1, k = 0; i < part.length(); i++) {
            while (k > 0 && part.charAt(i) != part.charAt(k)) {
                k = failure[k - 1];
            }
            if (part.charAt(i) == part.charAt(k)) {
                k++;
            }
            failure[i] = k;
        }
        for (int i = 0, k = 0; i < text.length(); i++) {
            while (k > 0 && text.charAt(i) != part.charAt(k)) {
                k = failure[k - 1];
            }
            if (text.charAt(i) == part.charAt(k)) {
                k++;
            }
            if (k == part.length()) {
                return true;
            }
        }
        return false;
    }
}
