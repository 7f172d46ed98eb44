package dev.timeos.examples.shop;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * The shop's own REST API, under {@code /shop}. It lists its resources: an application that scans the WAR would also
 * serve TimeOS's resources under {@code /shop} (TimeOS's switch, {@code timeos.api.enabled}, closes them there too).
 */
@ApplicationPath("/shop")
public class ShopApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OrderResource.class);
    }
}
