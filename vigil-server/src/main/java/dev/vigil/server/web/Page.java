package dev.vigil.server.web;

import dev.vigil.server.VigilServer;
import dev.vigil.server.auth.Principal;
import io.javalin.http.Context;

/**
 * The dashboard's page frame: head (the stylesheet and the one script, both from this server),
 * the navigation, who is signed in and the sign-out form. Pages pass their body already escaped;
 * the title is escaped here. Static and thread-safe.
 */
public final class Page {
    private Page() {}

    /** Writes a whole page. {@code p} may be null (the sign-in page). */
    public static void send(Context ctx, int status, String title, Principal p, String body) {
        StringBuilder b = new StringBuilder(body.length() + 2048);
        b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.text(title)).append(" · Vigil</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/vigil.css\">")
                .append("<script src=\"/static/vigil.js\" defer></script></head><body>");
        if (p != null) {
            b.append("<header><nav><a class=\"brand\" href=\"/\">Vigil</a>")
                    .append("<a href=\"/\">Overview</a><a href=\"/alerts\">Alerts</a>")
                    .append("<a href=\"/incidents\">Incidents</a><a href=\"/suppressions\">Suppressions</a></nav>")
                    .append("<form class=\"signout\" method=\"post\" action=\"/logout\">").append(csrfField(p))
                    .append("<span class=\"who\" id=\"who\">").append(Html.text(p.name())).append(" (")
                    .append(Html.text(p.role().label())).append(")</span> <button type=\"submit\">Sign out</button></form>")
                    .append("</header>");
        }
        b.append("<main>").append(body).append("</main></body></html>");
        ctx.status(status).contentType("text/html; charset=utf-8").result(b.toString());
    }

    /** The hidden CSRF field every form that changes state carries. */
    public static String csrfField(Principal p) {
        if (p == null || p.session() == null) {
            return "";
        }
        return "<input type=\"hidden\" name=\"" + VigilServer.CSRF_FIELD + "\" value=\"" + Html.attr(p.session().csrf()) + "\">";
    }
}
