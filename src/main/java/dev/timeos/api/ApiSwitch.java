package dev.timeos.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code timeos.api.enabled=false} (environment {@code TIMEOS_API_ENABLED=false}) leaves TimeOS's REST API out: every
 * request that reaches one of TimeOS's resources answers {@code 404} as if the path did not exist. For an application
 * that embeds TimeOS and offers its own API: the engine, CDI events and the {@code TimeOS} bean keep working. A filter
 * rather than a smaller {@code Application}: a host's own JAX-RS application that scans the WAR finds TimeOS's
 * resources too, and this filter, which only ever touches TimeOS's own resource classes, closes them there as well.
 * Read once, at the first request.
 */
@Provider
public class ApiSwitch implements ContainerRequestFilter {

    static final String KEY = "timeos.api.enabled";

    @Context
    ResourceInfo resource;

    private volatile Boolean enabled;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!enabled() && closes(resource.getResourceClass())) {
            request.abortWith(Problems.response(Problems.forStatus(404)));
        }
    }

    private boolean enabled() {
        Boolean e = enabled;
        if (e == null) {
            enabled = e = ConfigProvider.getConfig().getOptionalValue(KEY, Boolean.class).orElse(true);
        }
        return e;
    }

    /** Only TimeOS's own resources: a host's resources in the same JAX-RS application stay open. */
    static boolean closes(Class<?> resourceClass) {
        return resourceClass != null && resourceClass.getPackageName().equals(ApiSwitch.class.getPackageName());
    }
}
