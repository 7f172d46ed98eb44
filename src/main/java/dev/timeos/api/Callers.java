package dev.timeos.api;

import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;

/** Who calls, for what the engine records about it (a rule's history, who cancelled a job). */
final class Callers {

    private Callers() {
    }

    /** The JAX-RS principal's name, or null (then the service falls back to Jakarta Security, or anonymous). */
    static String name(SecurityContext security) {
        Principal p = security == null ? null : security.getUserPrincipal();
        return p == null ? null : p.getName();
    }
}
