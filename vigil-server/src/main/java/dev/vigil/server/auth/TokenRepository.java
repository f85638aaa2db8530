package dev.vigil.server.auth;

import dev.vigil.store.AlertStore;
import dev.vigil.store.AlertStores;
import dev.vigil.store.Credentials;
import dev.vigil.store.JdbcAlertStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API tokens, kept in the alert database itself ({@code api_tokens}, through the store's
 * {@link Credentials}), SQLite or PostgreSQL, so one {@code --db} is all a deployment has to carry
 * and servers sharing a PostgreSQL share their tokens. Only the SHA-256 of a token is stored: a
 * token is 256 random bits, so a fast hash is as strong as a slow one here and lets every request
 * be checked with one indexed lookup. The token itself is shown once, when it is made.
 *
 * <p>Thread-safe: the store's pool and its serialised writes.
 */
public final class TokenRepository implements AutoCloseable {
    /** Every token starts with this, so a leaked one is recognisable in logs and secret scanners. */
    public static final String PREFIX = "vgl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials db;
    /** The store this repository opened and closes, or null when it uses one it was given. */
    private final AlertStore owned;

    /** A token as listed: never the secret. */
    public record TokenInfo(String id, String name, Role role, long createdMillis, Long lastUsedMillis,
                            Long revokedMillis) {
        public boolean active() {
            return revokedMillis == null;
        }
    }

    /** A token just made: {@code secret} is shown once and not kept. */
    public record Created(TokenInfo info, String secret) {}

    private TokenRepository(JdbcAlertStore store, boolean owns) {
        this.db = store.credentials();
        this.owned = owns ? store : null;
    }

    /** The tokens of a store someone else closes (the server's). */
    public static TokenRepository on(JdbcAlertStore store) {
        return new TokenRepository(store, false);
    }

    /** Opens the store {@code db} names (an SQLite file or a PostgreSQL URL) for its tokens; closing closes it. */
    public static TokenRepository open(String db) {
        return new TokenRepository(AlertStores.open(db), true);
    }

    /** Opens (creating when missing) the SQLite database at {@code file} for its tokens. */
    public static TokenRepository open(Path file) {
        return open(file.toString());
    }

    /**
     * Makes a token. Names need not be unique, but a name already held by an active token is
     * refused: history rows record the name as the actor, and two people behind one name would
     * make that record useless.
     */
    public Created create(String name, Role role) {
        if (name == null || name.isBlank() || name.length() > 100 || !name.strip().equals(name)
                || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("a token name is 1 to 100 printable characters without surrounding spaces");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String id = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        // the name check and the insert are one transaction: two creators cannot both take a name
        Credentials.Token t = db.addToken(id, name, role.label(), sha256(secret), System.currentTimeMillis());
        return new Created(info(t), secret);
    }

    /** All tokens, revoked ones too, oldest first. */
    public List<TokenInfo> list() {
        return db.tokens().stream().map(TokenRepository::info).toList();
    }

    /** The token with this id, else the active one (or latest revoked one) with this name. */
    public Optional<TokenInfo> find(String idOrName) {
        return db.token(idOrName).map(TokenRepository::info);
    }

    /** Revokes the active token with this id or name; returns it, or empty when there is none. */
    public Optional<TokenInfo> revoke(String idOrName) {
        return db.revokeToken(idOrName, System.currentTimeMillis()).map(TokenRepository::info);
    }

    /**
     * The active token whose secret this is, or empty. Records when it was last used (at most
     * once a minute per token, so a busy bouncer does not write on every poll).
     */
    public Optional<TokenInfo> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        Optional<Credentials.Token> t = db.activeToken(sha256(secret));
        if (t.isEmpty()) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        if (t.get().lastUsedMillis() == null || now - t.get().lastUsedMillis() > 60_000) {
            db.tokenUsed(t.get().id(), now);
        }
        return t.map(TokenRepository::info);
    }

    private static TokenInfo info(Credentials.Token t) {
        return new TokenInfo(t.id(), t.name(), Role.parse(t.role()), t.createdMillis(), t.lastUsedMillis(), t.revokedMillis());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
