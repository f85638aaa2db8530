package dev.vigil.rules.match;

import dev.vigil.event.HttpRequest;
import dev.vigil.normalize.Normalizer;
import dev.vigil.normalize.Param;
import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalised fields of one request, each decoded once, on first use.
 *
 * <p>Not thread-safe: one per request, on the thread that inspects it.
 */
public final class RequestView implements FieldSource {
    private static final List<FieldValue> NONE = List.of();

    private final HttpRequest request;
    // one slot per field; Java cannot create a generic array, hence the raw one
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final List<FieldValue>[] cache = new List[Field.values().length];
    private List<Param> params;

    public RequestView(HttpRequest request) {
        this.request = request;
    }

    public HttpRequest request() {
        return request;
    }

    @Override
    public int status() {
        return request.status();
    }

    /** The values of {@code f}: none when the request lacks it, one per parameter for parameter fields. */
    /** Created on first use: most events never evaluate a leaf that reads another field. */
    private Map<Condition, Boolean> fieldVerdicts;

    @Override
    public Map<Condition, Boolean> fieldVerdicts() {
        Map<Condition, Boolean> m = fieldVerdicts;
        if (m == null) {
            m = new IdentityHashMap<>();
            fieldVerdicts = m;
        }
        return m;
    }

    @Override
    public List<FieldValue> values(Field f) {
        List<FieldValue> v = cache[f.ordinal()];
        if (v == null) {
            v = compute(f);
            cache[f.ordinal()] = v;
        }
        return v;
    }

    private List<Param> params() {
        if (params == null) {
            params = Normalizer.params(request.query());
        }
        return params;
    }

    private List<FieldValue> compute(Field f) {
        switch (f) {
            case PATH:
                return one(f, request.path(), Normalizer.path(request.path()));
            case QUERY:
                return one(f, request.query(), Normalizer.decodeQuery(request.query()));
            case TARGET:
                return one(f, request.target(), Normalizer.decode(request.target()));
            case USER_AGENT:
                return one(f, request.userAgent(), Normalizer.decode(request.userAgent()));
            case REFERER:
                return one(f, request.referer(), Normalizer.decode(request.referer()));
            case HOST:
                return one(f, request.host(), Normalizer.decode(request.host()));
            case METHOD:
                return one(f, request.method(), Normalizer.decode(request.method()));
            case CLIENT_IP:
                return one(f, request.clientIp(), request.clientIp());
            case STATUS:
                return request.status() < 0 ? NONE : one(f, Integer.toString(request.status()), null);
            case PARAM_NAMES:
            case PARAM_VALUES: {
                List<Param> ps = params();
                if (ps.isEmpty()) {
                    return NONE;
                }
                List<FieldValue> out = new ArrayList<>(ps.size());
                for (Param p : ps) {
                    if (f == Field.PARAM_NAMES) {
                        out.add(new FieldValue(f, p.rawName(), p.name()));
                    } else if (!p.rawValue().isEmpty()) {
                        out.add(new FieldValue(f, p.rawValue(), p.value()));
                    }
                }
                return out;
            }
            default:
                return NONE;
        }
    }

    private static List<FieldValue> one(Field f, String raw, String decoded) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        return List.of(new FieldValue(f, raw, decoded == null ? raw : decoded));
    }
}
