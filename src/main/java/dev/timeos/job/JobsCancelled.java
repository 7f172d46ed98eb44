package dev.timeos.job;

import java.util.Collection;

/** Fired (after commit) when jobs were cancelled: the ones running here are asked to stop. */
public record JobsCancelled(Collection<String> ids) {
}
