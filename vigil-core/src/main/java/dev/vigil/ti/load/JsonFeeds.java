package dev.vigil.ti.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Shared JSON reading for the STIX and MISP loaders. Thread-safe. */
final class JsonFeeds {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    private JsonFeeds() {}

    /** Parses the whole input, or records one problem and returns {@code null}. */
    static JsonNode read(Reader in, Collector c) {
        try {
            JsonNode n = MAPPER.readTree(in);
            if (n == null || n.isMissingNode()) {
                c.bad("$", "empty JSON document");
                return null;
            }
            return n;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "$" : "line " + e.getLocation().getLineNr();
            c.bad(where, "not valid JSON: " + e.getOriginalMessage());
            return null;
        } catch (IOException | RuntimeException e) {
            c.bad("$", "read error: " + e.getMessage());
            return null;
        }
    }

    /** Text of a scalar field, or {@code null} when absent, null, or not a scalar. */
    static String text(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    /** Strings of an array field (scalars only; a lone string counts as one). */
    static List<String> strings(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isValueNode() && !e.isNull()) {
                    out.add(e.asText());
                }
            }
        } else if (n.isValueNode() && !n.isNull()) {
            out.add(n.asText());
        }
        return out;
    }

    /** MISP writes booleans as true/false, "1"/"0" or 1/0. */
    static boolean flag(JsonNode obj, String field, boolean dflt) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        String s = n.asText().strip();
        return s.equals("1") || s.equalsIgnoreCase("true");
    }

    /** First few kilobytes start a JSON document (after a BOM and whitespace)? */
    static boolean looksLikeJson(String head) {
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) {
                continue;
            }
            return c == '{' || c == '[';
        }
        return false;
    }
}
