package dev.vigil.server.web;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.incident.KillChain;
import dev.vigil.server.HttpError;
import dev.vigil.server.Route;
import dev.vigil.server.StoreGate;
import dev.vigil.server.Web;
import dev.vigil.server.api.AlertJson;
import dev.vigil.server.api.AlertSearch;
import dev.vigil.server.api.ApiRoutes;
import dev.vigil.server.api.Overview;
import dev.vigil.server.api.SuppressionInput;
import dev.vigil.server.auth.Principal;
import dev.vigil.server.auth.Role;
import dev.vigil.store.StatusChange;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StoredAlert;
import dev.vigil.store.StoredIncident;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: server-rendered HTML pages over the same store and rules as the API. Pages work
 * without script; the one script ({@code /static/vigil.js}, no inline script anywhere, as the
 * Content-Security-Policy demands) adds select-all for bulk triage and the live-update notice.
 * Every value from a log or a person is escaped for where it lands ({@link Html}); forms that
 * change state carry the session's CSRF token.
 *
 * <p>Thread-safe: no state of its own.
 */
public final class Dashboard {
    private final StoreGate store;
    private final ApiRoutes api;
    private final LiveFeed live;

    public Dashboard(StoreGate store, ApiRoutes api, LiveFeed live) {
        this.store = store;
        this.api = api;
        this.live = live;
    }

    public List<Route> routes() {
        Route.Kind page = Route.Kind.PAGE;
        return List.of(
                new Route(HandlerType.GET, "/static/{file}", null, page, Dashboard::staticFile),
                new Route(HandlerType.GET, "/", Role.VIEWER, page, this::overview),
                new Route(HandlerType.GET, "/alerts", Role.VIEWER, page, this::alerts),
                new Route(HandlerType.POST, "/alerts/bulk", Role.ANALYST, page, this::bulk),
                new Route(HandlerType.GET, "/alerts/{id}", Role.VIEWER, page, this::alert),
                new Route(HandlerType.POST, "/alerts/{id}/status", Role.ANALYST, page, this::setStatus),
                new Route(HandlerType.GET, "/incidents", Role.VIEWER, page, this::incidents),
                new Route(HandlerType.GET, "/incidents/{id}", Role.VIEWER, page, this::incident),
                new Route(HandlerType.GET, "/suppressions", Role.VIEWER, page, this::suppressions),
                new Route(HandlerType.POST, "/suppressions/preview", Role.ANALYST, page, this::preview),
                new Route(HandlerType.POST, "/suppressions", Role.ANALYST, page, this::addSuppression),
                new Route(HandlerType.POST, "/suppressions/{id}/delete", Role.ANALYST, page, this::deleteSuppression),
                new Route(HandlerType.GET, "/events", Role.VIEWER, page, live.handler()));
    }

    private static final Map<String, String> STATIC = Map.of(
            "vigil.css", "text/css; charset=utf-8",
            "vigil.js", "text/javascript; charset=utf-8");

    private static void staticFile(Context ctx) throws IOException {
        String name = ctx.pathParam("file");
        String type = STATIC.get(name);
        if (type == null) {
            throw HttpError.notFound("no such file");
        }
        try (InputStream in = Dashboard.class.getResourceAsStream("/dev/vigil/server/static/" + name)) {
            if (in == null) {
                throw HttpError.notFound("no such file");
            }
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType(type).result(in.readAllBytes());
        }
    }

    // ---- overview ----

    private void overview(Context ctx) {
        Overview o = api.overview();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Overview</h1>").append(liveNotice()).append("<p class=\"note\">As of ")
                .append(Html.text(when(o.computedMillis()))).append(" UTC.</p>");
        b.append("<section class=\"cards\">");
        o.byStatus().forEach((st, n) -> b.append("<a class=\"card\" href=\"/alerts?status=").append(Html.attr(Html.query(st)))
                .append("\"><span class=\"n\">").append(n).append("</span> ").append(Html.text(st)).append("</a>"));
        b.append("</section><h2>Open alerts by severity</h2><section class=\"cards\">");
        o.bySeverity().forEach((sv, n) -> b.append("<a class=\"card sev-").append(Html.attr(sv.toLowerCase(java.util.Locale.ROOT)))
                .append("\" href=\"/alerts?status=Active,InProgress&amp;severity=").append(Html.attr(Html.query(sv))).append("\">")
                .append("<span class=\"n\">").append(n).append("</span> ").append(Html.text(sv)).append("</a>"));
        b.append("</section><h2>Open alerts over time (by last activity, UTC)</h2>");
        if (o.days().isEmpty()) {
            b.append("<p>No alerts with times yet.</p>");
        } else {
            long max = 1;
            for (Map<String, Long> m : o.days().values()) {
                max = Math.max(max, m.values().stream().mapToLong(Long::longValue).sum());
            }
            b.append("<table class=\"chart\" id=\"over-time\"><thead><tr><th>Day</th>");
            for (Severity s : Severity.values()) {
                b.append("<th>").append(Html.text(s.label())).append("</th>");
            }
            b.append("<th>Total</th></tr></thead><tbody>");
            for (Map.Entry<String, Map<String, Long>> d : o.days().entrySet()) {
                long total = d.getValue().values().stream().mapToLong(Long::longValue).sum();
                b.append("<tr><td>").append(Html.text(d.getKey())).append("</td>");
                for (Severity s : Severity.values()) {
                    b.append("<td>").append(d.getValue().getOrDefault(s.label(), 0L)).append("</td>");
                }
                b.append("<td><progress max=\"").append(max).append("\" value=\"").append(total).append("\">")
                        .append(total).append("</progress> ").append(total).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<div class=\"tops\">");
        top(b, "Top alert types", "type", o.topTypes());
        top(b, "Top client IPs", "ip", o.topIps());
        top(b, "Top resources", "host", o.topResources());
        b.append("</div>");
        Page.send(ctx, 200, "Overview", Web.principal(ctx), b.toString());
    }

    private static void top(StringBuilder b, String title, String param, List<Map.Entry<String, Long>> rows) {
        b.append("<section class=\"top\"><h2>").append(Html.text(title)).append("</h2>");
        if (rows.isEmpty()) {
            b.append("<p>None open.</p></section>");
            return;
        }
        b.append("<table><tbody>");
        for (Map.Entry<String, Long> e : rows) {
            b.append("<tr><td><a href=\"/alerts?status=Active,InProgress&amp;").append(param).append('=')
                    .append(Html.attr(Html.query(e.getKey()))).append("\">").append(Html.text(e.getKey())).append("</a></td><td>")
                    .append(e.getValue()).append("</td></tr>");
        }
        b.append("</tbody></table></section>");
    }

    private static String liveNotice() {
        return "<p id=\"live\" class=\"live\" hidden>New alerts have arrived. <a href=\"\" id=\"live-reload\">Reload</a></p>";
    }

    // ---- alert list ----

    private void alerts(Context ctx) {
        AlertSearch q = AlertSearch.parse(ctx::queryParam);
        AlertSearch.Result r = q.run(store);
        Principal p = Web.principal(ctx);
        StringBuilder b = new StringBuilder();
        b.append("<h1>Alerts</h1>").append(liveNotice());
        filterForm(b, ctx);
        if (r.truncated()) {
            b.append("<p class=\"note\">Searched in the ").append(AlertSearch.SCAN_CAP)
                    .append(" most recent alerts matching the other filters.</p>");
        }
        boolean triage = p.role().allows(Role.ANALYST);
        if (triage) {
            b.append("<form id=\"bulk\" method=\"post\" action=\"/alerts/bulk\">").append(Page.csrfField(p));
        }
        b.append("<table class=\"alerts\" id=\"alert-table\"><thead><tr>");
        if (triage) {
            b.append("<th><input type=\"checkbox\" id=\"select-all\" aria-label=\"Select all\"></th>");
        }
        b.append("<th>Severity</th><th>Status</th><th>Alert</th><th>Client IP</th><th>Resource</th><th>URL</th>")
                .append("<th>Count</th><th>Last seen (UTC)</th></tr></thead><tbody>");
        if (r.alerts().isEmpty()) {
            b.append("<tr><td colspan=\"9\">No alerts match.</td></tr>");
        }
        for (StoredAlert s : r.alerts()) {
            Alert a = s.alert();
            b.append("<tr>");
            if (triage) {
                b.append("<td><input type=\"checkbox\" class=\"pick\" name=\"ids\" value=\"").append(Html.attr(a.id()))
                        .append("\" aria-label=\"Select\"></td>");
            }
            b.append("<td><span class=\"sev sev-").append(Html.attr(a.severity().label().toLowerCase(java.util.Locale.ROOT)))
                    .append("\">").append(Html.text(a.severity().label())).append("</span></td>")
                    .append("<td>").append(Html.text(s.status().label())).append("</td>")
                    .append("<td><a class=\"alert-link\" href=\"/alerts/").append(Html.attr(Html.query(a.id()))).append("\">")
                    .append(Html.text(a.type().displayName())).append("</a></td>")
                    .append("<td>").append(Html.text(a.entities().get("ip"))).append("</td>")
                    .append("<td>").append(Html.text(a.entities().get("host"))).append("</td>")
                    .append("<td class=\"url\">").append(Html.text(cut(a.entities().get("url"), 120))).append("</td>")
                    .append("<td>").append(a.count()).append("</td>")
                    .append("<td>").append(Html.text(when(a.lastSeen()))).append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (triage) {
            b.append("<fieldset class=\"triage\"><legend>Change the selected alerts</legend>");
            statusSelect(b, "bulk-status");
            b.append("<label for=\"bulk-comment\">Comment</label><input id=\"bulk-comment\" name=\"comment\" maxlength=\"2000\">")
                    .append("<button type=\"submit\" id=\"bulk-apply\">Apply</button></fieldset></form>");
        }
        if (r.nextCursor() != null) {
            StringBuilder qs = new StringBuilder();
            for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
                if (!e.getKey().equals("cursor")) {
                    for (String v : e.getValue()) {
                        qs.append(Html.query(e.getKey())).append('=').append(Html.query(v)).append('&');
                    }
                }
            }
            qs.append("cursor=").append(Html.query(r.nextCursor()));
            b.append("<p><a id=\"next-page\" href=\"/alerts?").append(Html.attr(qs.toString())).append("\">Next page</a></p>");
        }
        Page.send(ctx, 200, "Alerts", p, b.toString());
    }

    private static void filterForm(StringBuilder b, Context ctx) {
        b.append("<form class=\"filters\" id=\"filters\" method=\"get\" action=\"/alerts\">");
        b.append("<label>Status <select name=\"status\" id=\"f-status\"><option value=\"\">any</option>");
        String status = ctx.queryParam("status");
        option(b, "Active,InProgress", "open", status);
        for (AlertStatus s : AlertStatus.values()) {
            option(b, s.label(), s.label(), status);
        }
        b.append("</select></label><label>Severity <select name=\"severity\" id=\"f-severity\"><option value=\"\">any</option>");
        for (Severity s : Severity.values()) {
            option(b, s.label(), s.label(), ctx.queryParam("severity"));
        }
        b.append("</select></label><label>Type <select name=\"type\" id=\"f-type\"><option value=\"\">any</option>");
        for (AlertType t : AlertCatalogue.builtIn().all()) {
            option(b, t.name(), t.displayName(), ctx.queryParam("type"));
        }
        b.append("</select></label>");
        input(b, "ip", "Client IP", ctx);
        input(b, "host", "Resource", ctx);
        input(b, "q", "Text", ctx);
        input(b, "since", "Since", ctx);
        input(b, "until", "Until", ctx);
        b.append("<label>Sort <select name=\"sort\" id=\"f-sort\">");
        String sort = ctx.queryParam("sort");
        for (String[] s : new String[][] {{"-lastSeen", "latest first"}, {"lastSeen", "oldest first"},
            {"-severity", "most severe"}, {"-count", "most detections"}, {"-confidence", "most confident"}}) {
            option(b, s[0], s[1], sort);
        }
        b.append("</select></label><button type=\"submit\" id=\"apply-filters\">Filter</button></form>");
    }

    private static void option(StringBuilder b, String value, String label, String selected) {
        b.append("<option value=\"").append(Html.attr(value)).append('"').append(value.equals(selected) ? " selected" : "")
                .append('>').append(Html.text(label)).append("</option>");
    }

    private static void input(StringBuilder b, String name, String label, Context ctx) {
        b.append("<label>").append(Html.text(label)).append(" <input name=\"").append(name).append("\" id=\"f-").append(name)
                .append("\" value=\"").append(Html.attr(ctx.queryParam(name))).append("\"></label>");
    }

    private static void statusSelect(StringBuilder b, String id) {
        b.append("<label for=\"").append(id).append("\">New status</label><select id=\"").append(id).append("\" name=\"status\">");
        for (AlertStatus s : AlertStatus.values()) {
            b.append("<option value=\"").append(s.label()).append("\">").append(s.label()).append("</option>");
        }
        b.append("</select>");
    }

    private void bulk(Context ctx) {
        List<String> ids = ctx.formParams("ids");
        AlertStatus to = AlertStatus.parse(nonNull(ctx.formParam("status")));
        String comment = nonNull(ctx.formParam("comment"));
        if (ids.isEmpty() || ids.size() > ApiRoutes.MAX_BULK) {
            throw HttpError.badRequest("select 1 to " + ApiRoutes.MAX_BULK + " alerts");
        }
        int changed = 0;
        List<String> problems = new ArrayList<>();
        // one transaction for all of them; each id still succeeds or fails on its own
        for (AlertStore.StatusResult r : store.call("setStatuses", s -> s.setStatuses(ids, to, Web.actor(ctx), comment))) {
            if (r.ok()) {
                changed++;
            } else {
                problems.add(r.id() + ": " + r.error());
            }
        }
        StringBuilder b = new StringBuilder("<h1>Alerts changed</h1><p id=\"bulk-result\">").append(changed)
                .append(" alert").append(changed == 1 ? "" : "s").append(" set to ").append(Html.text(to.label())).append(".</p>");
        if (!problems.isEmpty()) {
            b.append("<ul class=\"problems\">");
            problems.forEach(pr -> b.append("<li>").append(Html.text(pr)).append("</li>"));
            b.append("</ul>");
        }
        b.append("<p><a href=\"/alerts\">Back to the alerts</a></p>");
        Page.send(ctx, 200, "Alerts changed", Web.principal(ctx), b.toString());
    }

    // ---- one alert ----

    private void alert(Context ctx) {
        String id = ctx.pathParam("id");
        StoredAlert s = store.call("find", st -> st.find(id)).orElseThrow(() -> HttpError.notFound("no alert '" + id + "'"));
        Principal p = Web.principal(ctx);
        Alert a = s.alert();
        List<StatusChange> history = store.call("history", st -> st.history(a.id()));
        StringBuilder b = new StringBuilder();
        b.append("<h1 id=\"alert-title\">").append(Html.text(a.type().displayName())).append("</h1>")
                .append("<p class=\"badges\"><span class=\"sev sev-").append(Html.attr(a.severity().label().toLowerCase(java.util.Locale.ROOT)))
                .append("\">").append(Html.text(a.severity().label())).append("</span> <span id=\"alert-status\" class=\"status\">")
                .append(Html.text(s.status().label())).append("</span> confidence ").append(Html.text(a.confidenceLevel()))
                .append(" (").append(a.confidence()).append(") · <code>").append(Html.text(a.id())).append("</code></p>");
        if (s.suppressedBy() != null) {
            b.append("<p class=\"note\">Dismissed by suppression rule <code>").append(Html.text(s.suppressedBy())).append("</code>.</p>");
        }
        b.append("<section><h2>What happened</h2><p id=\"description\">").append(Html.text(a.description())).append("</p></section>");
        b.append("<section><h2>What to do</h2><ol id=\"remediation\">");
        a.type().remediation().forEach(r -> b.append("<li>").append(Html.text(r)).append("</li>"));
        b.append("</ol></section><section><h2>Entities</h2><dl id=\"entities\">");
        a.entities().forEach((k, v) -> b.append("<dt>").append(Html.text(k)).append("</dt><dd>").append(Html.text(v)).append("</dd>"));
        b.append("</dl></section><section><h2>MITRE ATT&amp;CK</h2><p>Tactics: ").append(Html.text(String.join(", ", a.type().tactics())))
                .append("</p><ul id=\"mitre\">");
        for (String t : a.type().techniques()) {
            String url = AlertJson.mitreUrl(t);
            b.append("<li>").append(url == null ? Html.text(t) : "<a rel=\"noopener noreferrer\" href=\"" + Html.href(url) + "\">"
                    + Html.text(t) + "</a>").append("</li>");
        }
        b.append("</ul></section>");
        b.append("<section><h2>Evidence (").append(a.evidence().size()).append(" of ").append(a.count())
                .append(" detections)</h2><table class=\"evidence\" id=\"evidence\"><thead><tr><th>Where</th><th>Time (UTC)</th>")
                .append("<th>Rule</th><th>Field</th><th>Logged value</th><th>Decoded</th></tr></thead><tbody>");
        for (Evidence e : a.evidence()) {
            b.append("<tr><td>").append(Html.text(e.source())).append(':').append(e.line()).append("</td><td>")
                    .append(Html.text(when(e.timeMillis()))).append("</td><td>").append(Html.text(e.ruleId())).append("</td><td>")
                    .append(Html.text(e.field())).append(e.param() == null ? "" : " (" + Html.text(e.param()) + ")")
                    .append("</td><td><pre>").append(Html.text(e.value())).append("</pre></td><td><pre>")
                    .append(e.decodedDiffers() || e.observation() ? Html.text(e.decoded()) : "").append("</pre></td></tr>");
        }
        b.append("</tbody></table></section>");
        b.append("<section><h2>History</h2><ol id=\"history\">");
        for (StatusChange c : history) {
            b.append("<li>").append(Html.text(when(c.timeMillis()))).append(": ")
                    .append(Html.text(c.from() == null ? "stored" : c.from().label())).append(" → ")
                    .append(Html.text(c.to().label())).append(" by <strong>").append(Html.text(c.actor())).append("</strong>")
                    .append(c.comment().isEmpty() ? "" : ": " + Html.text(c.comment())).append("</li>");
        }
        if (history.isEmpty()) {
            b.append("<li>No changes yet.</li>");
        }
        b.append("</ol></section>");
        if (p.role().allows(Role.ANALYST)) {
            b.append("<section><h2>Triage</h2><form id=\"triage\" method=\"post\" action=\"/alerts/")
                    .append(Html.attr(Html.query(a.id()))).append("/status\">").append(Page.csrfField(p));
            b.append("<label for=\"triage-status\">New status</label><select id=\"triage-status\" name=\"status\">");
            for (AlertStatus st : s.status().next()) {
                b.append("<option value=\"").append(st.label()).append("\">").append(st.label()).append("</option>");
            }
            b.append("</select><label for=\"triage-comment\">Comment</label><input id=\"triage-comment\" name=\"comment\" maxlength=\"2000\">")
                    .append("<button type=\"submit\" id=\"triage-apply\">Change status</button></form></section>");
        }
        Page.send(ctx, 200, a.type().displayName(), p, b.toString());
    }

    private void setStatus(Context ctx) {
        String id = ctx.pathParam("id");
        AlertStatus to = AlertStatus.parse(nonNull(ctx.formParam("status")));
        String comment = nonNull(ctx.formParam("comment"));
        if (comment.length() > 2000) {
            throw HttpError.badRequest("a comment is at most 2000 characters");
        }
        StoredAlert s = store.call("find", st -> st.find(id)).orElseThrow(() -> HttpError.notFound("no alert '" + id + "'"));
        store.call("setStatus", st -> st.setStatus(s.alert().id(), to, Web.actor(ctx), comment));
        ctx.redirect("/alerts/" + Html.query(s.alert().id()), HttpStatus.SEE_OTHER);
    }

    // ---- incidents ----

    private void incidents(Context ctx) {
        List<StoredIncident> list = store.call("incidents", s -> s.incidents());
        StringBuilder b = new StringBuilder("<h1>Incidents</h1>").append(liveNotice());
        b.append("<table id=\"incident-table\"><thead><tr><th>Severity</th><th>Status</th><th>Incident</th><th>Outcome</th>")
                .append("<th>Alerts</th><th>Last seen (UTC)</th></tr></thead><tbody>");
        if (list.isEmpty()) {
            b.append("<tr><td colspan=\"6\">No incidents.</td></tr>");
        }
        for (StoredIncident i : list) {
            b.append("<tr><td><span class=\"sev sev-").append(Html.attr(i.severity().label().toLowerCase(java.util.Locale.ROOT)))
                    .append("\">").append(Html.text(i.severity().label())).append("</span></td><td>")
                    .append(Html.text(i.status().label())).append("</td><td><a class=\"incident-link\" href=\"/incidents/")
                    .append(Html.attr(Html.query(i.id()))).append("\">").append(Html.text(i.title())).append("</a></td><td>")
                    .append(Html.text(i.outcome())).append("</td><td>").append(i.alertIds().size()).append("</td><td>")
                    .append(Html.text(i.lastSeen() == null ? "" : when(i.lastSeen()))).append("</td></tr>");
        }
        b.append("</tbody></table>");
        Page.send(ctx, 200, "Incidents", Web.principal(ctx), b.toString());
    }

    private void incident(Context ctx) {
        StoredIncident i = api.findIncident(ctx.pathParam("id"));
        List<StoredAlert> alerts = api.incidentAlerts(i);
        StringBuilder b = new StringBuilder();
        b.append("<h1 id=\"incident-title\">").append(Html.text(i.title())).append("</h1><p class=\"badges\"><span class=\"sev sev-")
                .append(Html.attr(i.severity().label().toLowerCase(java.util.Locale.ROOT))).append("\">")
                .append(Html.text(i.severity().label())).append("</span> ").append(Html.text(i.status().label())).append(" · ")
                .append(Html.text(i.outcome())).append("</p><p id=\"narrative\">").append(Html.text(i.narrative())).append("</p>");
        b.append("<p>Attacker addresses: ").append(Html.text(String.join(", ", i.ips()))).append("; resources: ")
                .append(Html.text(String.join(", ", i.hosts()))).append("</p>");
        b.append("<h2>Timeline along the kill chain</h2><ol class=\"timeline\" id=\"timeline\">");
        for (StoredAlert s : alerts) {
            int stage = KillChain.stage(s.alert().type().tactics());
            String tactic = stage < KillChain.TACTICS.size() ? KillChain.TACTICS.get(stage) : "other";
            b.append("<li><span class=\"stage\">").append(Html.text(tactic)).append("</span> <a class=\"alert-link\" href=\"/alerts/")
                    .append(Html.attr(Html.query(s.alert().id()))).append("\">").append(Html.text(s.alert().type().displayName()))
                    .append("</a> <span class=\"sev sev-").append(Html.attr(s.alert().severity().label().toLowerCase(java.util.Locale.ROOT)))
                    .append("\">").append(Html.text(s.alert().severity().label())).append("</span> ")
                    .append(Html.text(when(s.alert().firstSeen()))).append(" · ").append(Html.text(s.alert().entities().get("ip")))
                    .append(" → ").append(Html.text(s.alert().entities().get("host"))).append("</li>");
        }
        b.append("</ol>");
        Page.send(ctx, 200, i.title(), Web.principal(ctx), b.toString());
    }

    // ---- suppressions ----

    private void suppressions(Context ctx) {
        Principal p = Web.principal(ctx);
        long now = System.currentTimeMillis();
        StringBuilder b = new StringBuilder("<h1>Suppression rules</h1>");
        b.append("<table id=\"rule-table\"><thead><tr><th>Id</th><th>State</th><th>Type</th><th>Conditions</th><th>Reason</th>")
                .append("<th>By</th><th></th></tr></thead><tbody>");
        List<SuppressionRule> rules = store.call("rules", s -> s.rules());
        if (rules.isEmpty()) {
            b.append("<tr><td colspan=\"7\">No rules.</td></tr>");
        }
        for (SuppressionRule r : rules) {
            b.append("<tr><td><code>").append(Html.text(r.id())).append("</code></td><td>")
                    .append(!r.enabled() ? "disabled" : r.activeAt(now) ? "enabled" : "expired").append("</td><td>")
                    .append(Html.text(r.alertType() == null ? "(all types)" : r.alertType())).append("</td><td>")
                    .append(Html.text(r.describeConditions())).append("</td><td>").append(Html.text(r.reason())).append("</td><td>")
                    .append(Html.text(r.createdBy())).append("</td><td>");
            if (p.role().allows(Role.ANALYST)) {
                b.append("<form method=\"post\" action=\"/suppressions/").append(Html.attr(Html.query(r.id()))).append("/delete\">")
                        .append(Page.csrfField(p)).append("<button type=\"submit\">Delete</button></form>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (p.role().allows(Role.ANALYST)) {
            b.append("<h2>New rule</h2><p>Preview what a rule would dismiss before saving it.</p>");
            ruleForm(b, p, "/suppressions/preview", "Preview", "preview", Map.of());
        }
        Page.send(ctx, 200, "Suppression rules", p, b.toString());
    }

    private static final String[] RULE_FIELDS = {"type", "ip", "host", "urlPrefix", "cmdlineContains", "reason", "comment", "expires"};

    private static void ruleForm(StringBuilder b, Principal p, String action, String button, String id, Map<String, String> values) {
        b.append("<form class=\"rule\" id=\"").append(id).append("-form\" method=\"post\" action=\"").append(action).append("\">")
                .append(Page.csrfField(p));
        b.append("<label>Alert type <select name=\"type\" id=\"r-type\"><option value=\"\">(all types)</option>");
        for (AlertType t : AlertCatalogue.builtIn().all()) {
            option(b, t.name(), t.displayName(), values.get("type"));
        }
        b.append("</select></label>");
        String[][] fields = {{"ip", "Client IPs or networks (comma-separated)"}, {"host", "Resource (host) equals"},
            {"urlPrefix", "URL starts with"}, {"cmdlineContains", "Command line contains"}, {"reason", "Reason (required)"},
            {"comment", "Comment"}, {"expires", "Expires (date, UTC)"}};
        for (String[] f : fields) {
            b.append("<label>").append(Html.text(f[1])).append(" <input name=\"").append(f[0]).append("\" id=\"r-").append(f[0])
                    .append("\" value=\"").append(Html.attr(values.getOrDefault(f[0], ""))).append("\"></label>");
        }
        b.append("<button type=\"submit\" id=\"").append(id).append("\">").append(Html.text(button)).append("</button></form>");
    }

    private static Map<String, String> formValues(Context ctx) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String f : RULE_FIELDS) {
            String v = ctx.formParam(f);
            if (v != null) {
                m.put(f, v);
            }
        }
        return m;
    }

    private void preview(Context ctx) {
        Principal p = Web.principal(ctx);
        Map<String, String> values = formValues(ctx);
        SuppressionRule r = SuppressionInput.rule(values::get, List.of(values.getOrDefault("ip", "")), p.name(), true);
        List<StoredAlert> hits = store.call("wouldSuppress", s -> s.wouldSuppress(r));
        StringBuilder b = new StringBuilder("<h1>Preview of a suppression rule</h1>");
        b.append("<p id=\"preview-count\">This rule would dismiss <strong>").append(hits.size()).append("</strong> stored alert")
                .append(hits.size() == 1 ? "" : "s").append(" now, and every matching alert stored from now on: ")
                .append(Html.text(r.alertType() == null ? "all types" : r.alertType())).append(", ")
                .append(Html.text(r.describeConditions())).append(".</p>");
        b.append("<table id=\"preview-table\"><thead><tr><th>Alert</th><th>Client IP</th><th>Resource</th><th>URL</th></tr></thead><tbody>");
        for (StoredAlert s : hits.subList(0, Math.min(50, hits.size()))) {
            b.append("<tr><td><a href=\"/alerts/").append(Html.attr(Html.query(s.alert().id()))).append("\">")
                    .append(Html.text(s.alert().type().displayName())).append("</a></td><td>")
                    .append(Html.text(s.alert().entities().get("ip"))).append("</td><td>")
                    .append(Html.text(s.alert().entities().get("host"))).append("</td><td class=\"url\">")
                    .append(Html.text(cut(s.alert().entities().get("url"), 120))).append("</td></tr>");
        }
        b.append("</tbody></table><h2>Save it</h2>");
        ruleForm(b, p, "/suppressions", "Create rule", "create", values);
        Page.send(ctx, 200, "Preview", p, b.toString());
    }

    private void addSuppression(Context ctx) {
        Map<String, String> values = formValues(ctx);
        SuppressionRule r = SuppressionInput.rule(values::get, List.of(values.getOrDefault("ip", "")), Web.actor(ctx), false);
        store.call("addRule", s -> {
            s.addRule(r);
            return null;
        });
        ctx.redirect("/suppressions", HttpStatus.SEE_OTHER);
    }

    private void deleteSuppression(Context ctx) {
        String id = ctx.pathParam("id");
        if (!store.call("removeRule", s -> s.removeRule(id))) {
            throw HttpError.notFound("no suppression rule '" + id + "'");
        }
        ctx.redirect("/suppressions", HttpStatus.SEE_OTHER);
    }

    // ---- helpers ----

    static String when(long millis) {
        String t = AlertJson.time(millis);
        return t == null ? "" : t.replace('T', ' ').replace("Z", "");
    }

    private static String when(Long millis) {
        return millis == null || millis == Event.NO_TIME ? "" : when(millis.longValue());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
