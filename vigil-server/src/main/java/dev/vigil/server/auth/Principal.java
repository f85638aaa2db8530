package dev.vigil.server.auth;

import java.util.Objects;

/**
 * Who a request comes from: the token's (or user's) name, which history rows record as the actor,
 * and its role.
 *
 * @param session the session the request came with, or null when it carried a token itself
 *
 * <p>Immutable and thread-safe.
 */
public record Principal(String name, Role role, Sessions.Session session) {
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
