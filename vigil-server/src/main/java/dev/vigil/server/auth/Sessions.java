package dev.vigil.server.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions: made when someone signs in with a token, kept in memory (a restart signs
 * everyone out, which is the safe failure), ended by signing out or after {@link #IDLE_MILLIS}
 * idle. Each session has its own CSRF token, which every state-changing request made with the
 * session cookie must carry.
 *
 * <p>Thread-safe.
 */
public final class Sessions {
    /** A session unused this long is gone: a day of work, not a week-old laptop left signed in. */
    public static final long IDLE_MILLIS = 8 * 3_600_000L;
    /** Sessions kept at most; signing in past this drops the oldest (memory stays bounded). */
    static final int MAX_SESSIONS = 10_000;

    /** What a password sign-in's session records in place of a token id: this and the user name. */
    public static final String USER_PREFIX = "user:";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * A signed-in session.
     *
     * @param tokenId the token it was opened with: revoking the token ends the session
     *
     * <p>Immutable apart from its last-used time; thread-safe.
     */
    public static final class Session {
        final String id;
        final String name;
        final Role role;
        final String tokenId;
        final String csrf;
        volatile long lastUsed;

        Session(String id, String name, Role role, String tokenId, String csrf, long now) {
            this.id = id;
            this.name = name;
            this.role = role;
            this.tokenId = tokenId;
            this.csrf = csrf;
            this.lastUsed = now;
        }

        public String id() {
            return id;
        }

        public String csrf() {
            return csrf;
        }

        public String tokenId() {
            return tokenId;
        }

        /** Whether {@code candidate} is this session's CSRF token (compared in constant time). */
        public boolean csrfMatches(String candidate) {
            return candidate != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    candidate.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Opens a session for a signed-in token or user. */
    public Session open(String name, Role role, String tokenId) {
        long now = System.currentTimeMillis();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(java.util.Comparator.comparingLong(s -> s.lastUsed))
                    .ifPresent(s -> sessions.remove(s.id));
        }
        Session s = new Session(random(), name, role, tokenId, random(), now);
        sessions.put(s.id, s);
        return s;
    }

    /** The live session with this id, its idle clock restarted; empty when unknown or expired. */
    public Optional<Principal> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        long now = System.currentTimeMillis();
        if (s == null) {
            return Optional.empty();
        }
        if (now - s.lastUsed > IDLE_MILLIS) {
            sessions.remove(id);
            return Optional.empty();
        }
        s.lastUsed = now;
        return Optional.of(new Principal(s.name, s.role, s));
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session opened with this token (it was revoked). */
    public void closeForToken(String tokenId) {
        sessions.values().removeIf(s -> tokenId.equals(s.tokenId));
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
