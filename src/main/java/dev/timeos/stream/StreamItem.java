package dev.timeos.stream;

/**
 * One lifecycle event on its way to clients: its type name ({@code JobScheduled}, ...), its sequence number on this
 * node (the SSE id), and the event record itself, serialized only by the client's pump, off the engine's thread.
 */
public record StreamItem(long seq, String type, Object event) {
}
