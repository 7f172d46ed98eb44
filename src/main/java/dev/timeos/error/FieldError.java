package dev.timeos.error;

/** One rejected input field: the wire name of the field and why. */
public record FieldError(String field, String message) {
}
