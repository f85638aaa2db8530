package dev.vigil.server.decisions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.Route;
import dev.vigil.server.Web;
import dev.vigil.server.auth.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The part of CrowdSec's local API that bouncers use, so the nginx, firewall and cloud bouncers
 * people already run enforce Vigil's decisions: {@code GET /v1/decisions/stream} (stream mode:
 * {@code startup=true} first, then what changed) and {@code GET /v1/decisions?ip=} (live mode),
 * authenticated by {@code X-Api-Key} with a token of the {@code bouncer} role. The filters
 * bouncers send are honoured: {@code scopes} (Vigil only makes {@code Ip} decisions),
 * {@code origins}, {@code scenarios_containing}, {@code scenarios_not_containing}.
 *
 * <p>Thread-safe ({@link DecisionBook} is).
 */
public final class DecisionsApi {
    private final DecisionBook book;

    public DecisionsApi(DecisionBook book) {
        this.book = book;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/v1/decisions/stream", Role.BOUNCER, Route.Kind.BOUNCER, this::stream),
                new Route(HandlerType.GET, "/v1/decisions", Role.BOUNCER, Route.Kind.BOUNCER, this::live));
    }

    private void stream(Context ctx) {
        boolean startup = "true".equalsIgnoreCase(ctx.queryParam("startup"));
        DecisionBook.Delta d = book.poll(Web.principal(ctx).name(), startup);
        ObjectNode o = Web.MAPPER.createObjectNode();
        ArrayNode added = o.putArray("new");
        ArrayNode deleted = o.putArray("deleted");
        boolean wanted = scopeAndOriginWanted(ctx);
        for (Decision x : d.added()) {
            if (wanted && scenarioWanted(ctx, x)) {
                added.add(json(x, x.until() - d.now()));
            }
        }
        for (Decision x : d.deleted()) {
            if (wanted && scenarioWanted(ctx, x)) {
                deleted.add(json(x, Math.min(0, x.until() - d.now())));
            }
        }
        Web.json(ctx, o);
    }

    private void live(Context ctx) {
        String ip = ctx.queryParam("ip");
        ArrayNode arr = Web.MAPPER.createArrayNode();
        long now = System.currentTimeMillis();
        if (ip != null && scopeAndOriginWanted(ctx)) {
            for (Decision x : book.forIp(ip.trim())) {
                if (scenarioWanted(ctx, x)) {
                    arr.add(json(x, x.until() - now));
                }
            }
        }
        // CrowdSec answers "null" when nothing matches; its bouncers read both that and [].
        if (arr.isEmpty()) {
            ctx.contentType("application/json").result("null");
        } else {
            Web.json(ctx, arr);
        }
    }

    private static ObjectNode json(Decision d, long remainingMillis) {
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("id", d.id());
        o.put("origin", Decision.ORIGIN);
        o.put("type", Decision.TYPE);
        o.put("scope", Decision.SCOPE);
        o.put("value", d.ip());
        o.put("duration", DecisionBook.goDuration(remainingMillis));
        o.put("scenario", d.scenario());
        return o;
    }

    private static boolean scopeAndOriginWanted(Context ctx) {
        Set<String> scopes = list(ctx.queryParam("scopes"));
        Set<String> origins = list(ctx.queryParam("origins"));
        return (scopes.isEmpty() || scopes.contains("ip")) && (origins.isEmpty() || origins.contains(Decision.ORIGIN));
    }

    private static boolean scenarioWanted(Context ctx, Decision d) {
        String s = d.scenario().toLowerCase(Locale.ROOT);
        Set<String> containing = list(ctx.queryParam("scenarios_containing"));
        Set<String> notContaining = list(ctx.queryParam("scenarios_not_containing"));
        return (containing.isEmpty() || containing.stream().anyMatch(s::contains))
                && notContaining.stream().noneMatch(s::contains);
    }

    private static Set<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(csv.split(",")).map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty())
                .collect(Collectors.toSet());
    }
}
