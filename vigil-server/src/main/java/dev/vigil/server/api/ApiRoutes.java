package dev.vigil.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.event.Event;
import dev.vigil.incident.KillChain;
import dev.vigil.server.HttpError;
import dev.vigil.server.Route;
import dev.vigil.server.StoreGate;
import dev.vigil.server.Web;
import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.Sessions;
import dev.vigil.server.auth.TokenRepository;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StatusChange;
import dev.vigil.store.StoredAlert;
import dev.vigil.store.StoredIncident;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The JSON API under {@code /api}, described by {@code /api/openapi.json}. Viewers read;
 * analysts change statuses and suppression rules; admins manage tokens. Status changes and rules
 * record the caller's token (or session) name as the actor.
 *
 * <p>Thread-safe: state lives in the store (through {@link StoreGate}) and the token repository.
 */
public final class ApiRoutes {
    /** Alerts one bulk status change may name. */
    public static final int MAX_BULK = 500;

    private final StoreGate store;
    private final TokenRepository tokens;
    private final Sessions sessions;
    private final Ingestor ingestor;

    public ApiRoutes(StoreGate store, TokenRepository tokens, Sessions sessions) {
        this.store = store;
        this.tokens = tokens;
        this.sessions = sessions;
        this.ingestor = new Ingestor(store);
    }

    public List<Route> routes() {
        Route.Kind api = Route.Kind.API;
        return List.of(
                new Route(HandlerType.GET, "/api/openapi.json", null, api, ApiRoutes::openApi),
                new Route(HandlerType.GET, "/api/me", Role.VIEWER, api, this::me),
                new Route(HandlerType.GET, "/api/overview", Role.VIEWER, api,
                        ctx -> Web.json(ctx, overview().json())),
                new Route(HandlerType.GET, "/api/alerts", Role.VIEWER, api, this::alerts),
                new Route(HandlerType.GET, "/api/alerts/{id}", Role.VIEWER, api, this::alert),
                new Route(HandlerType.POST, "/api/alerts/{id}/status", Role.ANALYST, api, this::setStatus),
                new Route(HandlerType.POST, "/api/alerts/status", Role.ANALYST, api, this::setStatuses),
                new Route(HandlerType.GET, "/api/incidents", Role.VIEWER, api, this::incidents),
                new Route(HandlerType.GET, "/api/incidents/{id}", Role.VIEWER, api, this::incident),
                new Route(HandlerType.POST, "/api/incidents/{id}/status", Role.ANALYST, api, this::setIncidentStatus),
                new Route(HandlerType.GET, "/api/suppressions", Role.VIEWER, api, this::suppressions),
                new Route(HandlerType.POST, "/api/suppressions", Role.ANALYST, api, this::addSuppression),
                new Route(HandlerType.POST, "/api/suppressions/simulate", Role.VIEWER, api, this::simulate),
                new Route(HandlerType.DELETE, "/api/suppressions/{id}", Role.ANALYST, api, this::removeSuppression),
                new Route(HandlerType.GET, "/api/rules", Role.VIEWER, api, ApiRoutes::rules),
                new Route(HandlerType.GET, "/api/rules/{id}", Role.VIEWER, api, ApiRoutes::rule),
                new Route(HandlerType.GET, "/api/alert-types", Role.VIEWER, api, ApiRoutes::alertTypes),
                new Route(HandlerType.GET, "/api/feeds", Role.VIEWER, api, this::feeds),
                new Route(HandlerType.GET, "/api/tokens", Role.ADMIN, api, this::listTokens),
                new Route(HandlerType.POST, "/api/tokens", Role.ADMIN, api, this::createToken),
                new Route(HandlerType.DELETE, "/api/tokens/{id}", Role.ADMIN, api, this::revokeToken),
                new Route(HandlerType.POST, "/api/ingest", Role.INGEST, api, this::ingest));
    }

    /** The overview, from the counts the store keeps (a few hundred rows, whatever the store's size). */
    public Overview overview() {
        return Overview.compute(store);
    }

    private static void openApi(Context ctx) throws IOException {
        try (InputStream in = ApiRoutes.class.getResourceAsStream("/dev/vigil/server/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the jar");
            }
            ctx.contentType("application/json").result(in.readAllBytes());
        }
    }

    private void me(Context ctx) {
        var p = Web.principal(ctx);
        Web.json(ctx, Web.MAPPER.createObjectNode().put("name", p.name()).put("role", p.role().label()));
    }

    private void alerts(Context ctx) {
        AlertSearch q = AlertSearch.parse(ctx::queryParam);
        AlertSearch.Result r = q.run(store);
        ObjectNode o = Web.MAPPER.createObjectNode();
        ArrayNode items = o.putArray("items");
        r.alerts().forEach(a -> items.add(AlertJson.summary(a)));
        o.put("nextCursor", r.nextCursor());
        o.put("truncated", r.truncated());
        Web.json(ctx, o);
    }

    /** The alert, or a 404 (also for a prefix that is ambiguous or too short). */
    StoredAlert find(String id) {
        if (id == null || id.length() < 6) {
            throw HttpError.notFound("no alert '" + id + "' (give the id or at least 6 characters of it)");
        }
        return store.call("find", s -> s.find(id)).orElseThrow(() -> HttpError.notFound("no alert '" + id + "'"));
    }

    private void alert(Context ctx) {
        StoredAlert a = find(ctx.pathParam("id"));
        Web.json(ctx, detail(a));
    }

    /** The alert with its history and the incidents it is part of. */
    public ObjectNode detail(StoredAlert a) {
        String id = a.alert().id();
        List<StatusChange> history = store.call("history", s -> s.history(id));
        List<String> incidents = store.call("incidentsOf", s -> s.incidentsOf(id));
        return AlertJson.detail(a, history, incidents);
    }

    private void setStatus(Context ctx) {
        ObjectNode body = Web.body(ctx);
        StoredAlert a = find(ctx.pathParam("id"));
        AlertStatus to = status(body);
        String comment = comment(body);
        StatusChange c = store.call("setStatus", s -> s.setStatus(a.alert().id(), to, Web.actor(ctx), comment));
        Web.json(ctx, AlertJson.change(c));
    }

    private void setStatuses(Context ctx) {
        ObjectNode body = Web.body(ctx);
        AlertStatus to = status(body);
        String comment = comment(body);
        JsonNode ids = body.path("ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_BULK) {
            throw HttpError.badRequest("ids: a list of 1 to " + MAX_BULK + " alert ids");
        }
        List<String> given = new ArrayList<>();
        ids.forEach(n -> given.add(n.asText()));
        // one transaction for all of them; each id still succeeds or fails on its own
        List<AlertStore.StatusResult> done = store.call("setStatuses", s -> s.setStatuses(given, to, Web.actor(ctx), comment));
        ObjectNode o = Web.MAPPER.createObjectNode();
        ArrayNode results = o.putArray("results");
        int changed = 0;
        for (AlertStore.StatusResult r : done) {
            ObjectNode x = results.addObject().put("id", r.id());
            if (r.ok()) {
                x.put("ok", true).set("change", AlertJson.change(r.change()));
                changed++;
            } else {
                x.put("ok", false).put("error", r.error());
            }
        }
        o.put("changed", changed);
        o.put("failed", done.size() - changed);
        Web.json(ctx, o);
    }

    static AlertStatus status(ObjectNode body) {
        String s = body.path("status").asText("");
        if (s.isBlank()) {
            throw HttpError.badRequest("status: one of Active, InProgress, Resolved, Dismissed");
        }
        try {
            return AlertStatus.parse(s);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("status: " + e.getMessage());
        }
    }

    static String comment(ObjectNode body) {
        String c = body.path("comment").asText("");
        if (c.length() > 2000) {
            throw HttpError.badRequest("comment: at most 2000 characters");
        }
        return c;
    }

    private void incidents(Context ctx) {
        ArrayNode arr = Web.MAPPER.createArrayNode();
        store.call("incidents", s -> s.incidents()).forEach(i -> arr.add(AlertJson.incident(i)));
        Web.json(ctx, Web.MAPPER.createObjectNode().set("items", arr));
    }

    /** The incident, or a 404 that names what became of a merged id. */
    public StoredIncident findIncident(String id) {
        Optional<StoredIncident> i = store.call("incident", s -> s.incident(id));
        if (i.isPresent()) {
            return i.get();
        }
        Optional<String> alias = store.call("incidentAlias", s -> s.incidentAlias(id));
        throw HttpError.notFound(alias.map(a -> a.isEmpty() ? "incident '" + id + "' is gone: its alerts were dismissed or removed"
                : "incident '" + id + "' was merged into " + a).orElse("no incident '" + id + "'"));
    }

    /** An incident's alerts in kill-chain order, then by first seen. */
    public List<StoredAlert> incidentAlerts(StoredIncident i) {
        List<StoredAlert> out = new ArrayList<>();
        for (String id : i.alertIds()) {
            store.call("find", s -> s.find(id)).ifPresent(out::add);
        }
        out.sort(Comparator.comparingInt((StoredAlert a) -> KillChain.stage(a.alert().type().tactics()))
                .thenComparingLong(a -> a.alert().firstSeen() == Event.NO_TIME ? Long.MAX_VALUE : a.alert().firstSeen())
                .thenComparing(a -> a.alert().id()));
        return out;
    }

    private void incident(Context ctx) {
        StoredIncident i = findIncident(ctx.pathParam("id"));
        ObjectNode o = AlertJson.incident(i);
        ArrayNode alerts = o.putArray("alerts");
        for (StoredAlert a : incidentAlerts(i)) {
            ObjectNode s = AlertJson.summary(a);
            ArrayNode t = s.putArray("tactics");
            a.alert().type().tactics().forEach(t::add);
            alerts.add(s);
        }
        ArrayNode h = o.putArray("history");
        store.call("incidentHistory", s -> s.incidentHistory(i.id())).forEach(c -> h.add(AlertJson.change(c)));
        Web.json(ctx, o);
    }

    private void setIncidentStatus(Context ctx) {
        ObjectNode body = Web.body(ctx);
        StoredIncident i = findIncident(ctx.pathParam("id"));
        AlertStatus to = status(body);
        String comment = comment(body);
        StatusChange c = store.call("setIncidentStatus", s -> s.setIncidentStatus(i.id(), to, Web.actor(ctx), comment));
        Web.json(ctx, AlertJson.change(c));
    }

    private void suppressions(Context ctx) {
        long now = System.currentTimeMillis();
        ArrayNode arr = Web.MAPPER.createArrayNode();
        store.call("rules", s -> s.rules()).forEach(r -> arr.add(AlertJson.rule(r, now)));
        Web.json(ctx, Web.MAPPER.createObjectNode().set("items", arr));
    }

    static SuppressionRule ruleFrom(ObjectNode body, String actor, boolean forSim) {
        List<String> ips = new ArrayList<>();
        JsonNode ip = body.path("ip");
        if (ip.isArray()) {
            ip.forEach(v -> ips.add(v.asText()));
        } else if (ip.isTextual()) {
            ips.add(ip.asText());
        }
        return SuppressionInput.rule(f -> body.hasNonNull(f) ? body.get(f).asText() : null, ips, actor, forSim);
    }

    private void addSuppression(Context ctx) {
        SuppressionRule r = ruleFrom(Web.body(ctx), Web.actor(ctx), false);
        int would = store.call("wouldSuppress", s -> {
            int n = s.wouldSuppress(r).size();
            s.addRule(r);
            return n;
        });
        ObjectNode o = AlertJson.rule(r, System.currentTimeMillis());
        o.put("storedAlertsMatching", would);
        Web.json(ctx, 201, o);
    }

    /**
     * Raw log lines (or NDJSON events) pushed by a log shipper: {@code ?format=} names their format
     * (default: recognised from the lines), {@code ?resource=} the app or host they come from.
     */
    private void ingest(Context ctx) {
        String format = ctx.queryParam("format");
        String resource = ctx.queryParam("resource");
        if (resource != null && (resource.isBlank() || resource.length() > 255)) {
            throw HttpError.badRequest("resource: 1 to 255 characters");
        }
        dev.vigil.ingest.LineFormat f = null;
        if (format != null && !format.equalsIgnoreCase("auto")) {
            try {
                f = dev.vigil.ingest.formats.Formats.forName(format)
                        .orElseThrow(() -> new IllegalArgumentException("unknown format '" + format + "'"));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("format: " + e.getMessage());
            }
        }
        Ingestor.Result r = ingestor.ingest(f, resource, ctx.bodyAsBytes(), Web.actor(ctx));
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("lines", r.lines());
        o.put("events", r.events());
        o.put("rejected", r.rejected());
        o.put("alerts", r.alerts());
        ArrayNode problems = o.putArray("problems");
        r.problems().forEach(problems::add);
        Web.json(ctx, o);
    }

    private void simulate(Context ctx) {
        SuppressionRule r = ruleFrom(Web.body(ctx), Web.actor(ctx), true);
        List<StoredAlert> hits = store.call("wouldSuppress", s -> s.wouldSuppress(r));
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("conditions", r.describeConditions());
        o.put("matches", hits.size());
        ArrayNode arr = o.putArray("sample");
        hits.stream().limit(50).forEach(a -> arr.add(AlertJson.summary(a)));
        Web.json(ctx, o);
    }

    private void removeSuppression(Context ctx) {
        String id = ctx.pathParam("id");
        if (!store.call("removeRule", s -> s.removeRule(id))) {
            throw HttpError.notFound("no suppression rule '" + id + "'");
        }
        ctx.status(204);
    }

    private static void rules(Context ctx) {
        ArrayNode arr = Web.MAPPER.createArrayNode();
        RuleCatalog.all().forEach(r -> arr.add(RuleCatalog.summary(r)));
        Web.json(ctx, Web.MAPPER.createObjectNode().set("items", arr));
    }

    private static void rule(Context ctx) {
        String id = ctx.pathParam("id");
        Web.json(ctx, RuleCatalog.detail(RuleCatalog.find(id).orElseThrow(() -> HttpError.notFound("no rule '" + id + "'"))));
    }

    private static void alertTypes(Context ctx) {
        ArrayNode arr = Web.MAPPER.createArrayNode();
        for (AlertType t : AlertCatalogue.builtIn().all()) {
            ObjectNode o = arr.addObject();
            o.put("name", t.name()).put("title", t.displayName()).put("family", t.family())
                    .put("severity", t.severity().label());
        }
        Web.json(ctx, Web.MAPPER.createObjectNode().set("items", arr));
    }

    private void feeds(Context ctx) {
        ArrayNode arr = Web.MAPPER.createArrayNode();
        store.call("feeds", s -> s.feeds()).forEach(f -> arr.add(AlertJson.feed(f)));
        Web.json(ctx, Web.MAPPER.createObjectNode().set("items", arr));
    }

    static ObjectNode token(TokenRepository.TokenInfo t) {
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("id", t.id());
        o.put("name", t.name());
        o.put("role", t.role().label());
        o.put("createdAt", AlertJson.time(t.createdMillis()));
        o.put("lastUsedAt", t.lastUsedMillis() == null ? null : AlertJson.time(t.lastUsedMillis()));
        o.put("revokedAt", t.revokedMillis() == null ? null : AlertJson.time(t.revokedMillis()));
        return o;
    }

    private void listTokens(Context ctx) {
        ArrayNode arr = Web.MAPPER.createArrayNode();
        tokens.list().forEach(t -> arr.add(token(t)));
        Web.json(ctx, Web.MAPPER.createObjectNode().set("items", arr));
    }

    private void createToken(Context ctx) {
        ObjectNode body = Web.body(ctx);
        Role role;
        try {
            role = Role.parse(body.path("role").asText(""));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("role: " + e.getMessage());
        }
        TokenRepository.Created c = tokens.create(body.path("name").asText(""), role);
        ObjectNode o = token(c.info());
        o.put("token", c.secret());
        Web.json(ctx, 201, o);
    }

    private void revokeToken(Context ctx) {
        String id = ctx.pathParam("id");
        TokenRepository.TokenInfo t = tokens.revoke(id).orElseThrow(() -> HttpError.notFound("no active token '" + id + "'"));
        sessions.closeForToken(t.id());
        Web.json(ctx, token(t));
    }
}
