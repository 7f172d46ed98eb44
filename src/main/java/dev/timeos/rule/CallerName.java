package dev.timeos.rule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;

import java.security.Principal;

/**
 * Who is changing a rule, for its history, when the caller is Java code (the {@code TimeOS} bean) rather than REST
 * (whose resources pass the JAX-RS principal): the Jakarta Security caller principal when the server has Jakarta
 * Security and the caller is authenticated, else {@code anonymous}.
 * <p>
 * Reached by reflection on purpose: a server without Jakarta Security does not expose its classes to the
 * application, and a direct reference would fail to load this bean there.
 */
@ApplicationScoped
public class CallerName {

    private static final String SECURITY_CONTEXT = "jakarta.security.enterprise.SecurityContext";

    public String current() {
        try {
            Class<?> type = Class.forName(SECURITY_CONTEXT, false, Thread.currentThread().getContextClassLoader());
            Instance<?> context = CDI.current().select(type);
            if (context.isResolvable()) {
                Object principal = type.getMethod("getCallerPrincipal").invoke(context.get());
                if (principal instanceof Principal p && p.getName() != null && !p.getName().isBlank()) {
                    return p.getName();
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // No Jakarta Security here, or no request: nobody is authenticated.
        }
        return RuleChange.ANONYMOUS;
    }

    /** The given name (a REST caller's principal), or the Java caller's. */
    public String orCurrent(String name) {
        return name == null || name.isBlank() ? current() : name;
    }
}
