package dev.timeos.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API lives under /api (the contract: ../shared/API.md); health and metrics at the server's own paths. The
 * OpenAPI description ({@code /openapi}, UI at {@code /openapi/ui}) is generated from the resources' annotations.
 */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info = @Info(title = "TimeOS", version = "0.1.0",
                description = "A temporal rule engine and persistent job scheduler. Every call needs HTTP Basic credentials of "
                        + "role timeos-admin (everything) or timeos-viewer (GET only); every error is application/problem+json "
                        + "(RFC 9457) naming the bad fields. Instants and durations are ISO-8601."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class TimeOSApplication extends Application {
}
