/**
 * The live stream ({@code GET /api/stream}): lifecycle events as server-sent events, to many clients at once. The
 * engine's side only enqueues: each client has a bounded buffer of its own ({@link dev.timeos.stream.ClientBuffer}),
 * an event that finds it full is dropped and counted for that client, and a pump of its own sends to the client. A
 * slow or stuck client therefore costs the engine one failed {@code offer}, never a wait.
 */
package dev.timeos.stream;
