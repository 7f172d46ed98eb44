package dev.timeos.store;

import java.sql.SQLException;

/** A database failure on the engine's own path; unchecked so that engine loops catch one type. */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
