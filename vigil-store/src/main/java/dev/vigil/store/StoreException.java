package dev.vigil.store;

/** A database error, with the database named in the message. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
