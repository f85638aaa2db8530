package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a real response against what {@code openapi.json} says the route answers with that
 * status: the document's schema for it, with every {@code $ref} resolved inside the document.
 * Not thread-safe (tests use one each).
 */
final class OpenApiCheck {
    final JsonNode doc;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    OpenApiCheck() {
        try (InputStream in = OpenApiCheck.class.getResourceAsStream("/dev/vigil/server/openapi.json")) {
            doc = Web.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the response's status is documented for the route and its body fits that status's schema. */
    JsonNode check(String method, String route, HttpResponse<String> resp) {
        JsonNode op = doc.path("paths").path(route).path(method.toLowerCase(Locale.ROOT));
        assertThat(op.isMissingNode()).as(method + " " + route + " is documented").isFalse();
        JsonNode r = op.path("responses").path(Integer.toString(resp.statusCode()));
        assertThat(r.isMissingNode()).as(method + " " + route + " documents status " + resp.statusCode()
                + " (body: " + resp.body() + ")").isFalse();
        if (r.has("$ref")) {
            r = doc.at(r.get("$ref").asText().substring(1));
        }
        JsonNode schema = r.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return null;
        }
        JsonNode body;
        try {
            body = Web.MAPPER.readTree(resp.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + route + " answered something that is not JSON: " + resp.body(), e);
        }
        // The schema is validated as a part of the whole document, so "#/components/..." refs resolve.
        ObjectNode root = doc.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("allOf", Web.MAPPER.createArrayNode().add(schema));
        root.remove("paths");
        JsonSchema s = factory.getSchema(root);
        Set<ValidationMessage> errors = s.validate(body);
        assertThat(errors).as(method + " " + route + " " + resp.statusCode() + " matches the OpenAPI schema; body: "
                + abbreviate(resp.body())).isEmpty();
        return body;
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
