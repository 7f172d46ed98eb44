package dev.timeos.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under /api (the contract: ../shared/API.md); health and metrics at the server's own paths. */
@ApplicationPath("/api")
public class TimeOSApplication extends Application {
}
