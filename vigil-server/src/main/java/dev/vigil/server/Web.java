package dev.vigil.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.auth.Principal;
import io.javalin.http.Context;

/** Small helpers every route uses: the caller, JSON in and out. Static and thread-safe. */
public final class Web {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    static final String PRINCIPAL = "vigil.principal";

    private Web() {}

    /** Who sent the request; routes without a role have none (null). */
    public static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /** The name history rows record for the caller. */
    public static String actor(Context ctx) {
        Principal p = principal(ctx);
        return p == null ? "anonymous" : p.name();
    }

    public static void json(Context ctx, JsonNode body) {
        json(ctx, 200, body);
    }

    public static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static ObjectNode error(int status, String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("status", status);
        o.put("error", message == null ? "" : message);
        return o;
    }

    /** The request body as a JSON object; a 400 when it is not one. */
    public static ObjectNode body(Context ctx) {
        try {
            JsonNode n = MAPPER.readTree(ctx.body());
            if (n == null || !n.isObject()) {
                throw HttpError.badRequest("the request body must be a JSON object");
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the request body is not JSON: " + e.getOriginalMessage());
        }
    }
}
