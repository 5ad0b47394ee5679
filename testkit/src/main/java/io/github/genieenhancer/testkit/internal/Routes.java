package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.testkit.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The REST surface of the local workspace: every path the SDK calls, mapped to the services. */
public final class Routes {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SPACE = "/api/2.0/genie/spaces/([^/]+)";
    private static final String MESSAGE = SPACE + "/conversations/([^/]+)/messages/([^/]+)";
    private static final Pattern WAIT = Pattern.compile("(\\d+)s");
    /** The user every token of the workspace authenticates as. */
    private static final String USER_NAME = "local@localworkspace";
    /** The API's default {@code page_size} for conversations. */
    private static final int DEFAULT_CONVERSATIONS_PAGE = 20;
    private static final Pattern NAMED_MARKER = Pattern.compile("'[^']*+(?:''[^']*+)*+'|:([A-Za-z_][A-Za-z0-9_]*)");

    private Routes() {
    }

    /**
     * Installs every route.
     *
     * @param workspaceId the id the discovery probe reports
     */
    public static void install(HttpApi api, String workspaceId, String warehouseId, SpaceStore spaces,
                               GenieService genie, StatementService statements, ScriptedLlmService llm,
                               EvalRunService evalRuns) {
        String host = api.baseUrl();
        api.openRoute("GET", "/\\.well-known/databricks-config", c -> json()
                .put("workspace_id", workspaceId).put("oidc_endpoint", host + "/oidc").put("cloud", "aws"));
        api.openRoute("GET", "/oidc/\\.well-known/oauth-authorization-server", c -> json()
                .put("issuer", host + "/oidc").put("authorization_endpoint", host + "/oidc/v1/authorize")
                .put("token_endpoint", host + "/oidc/v1/token"));

        api.route("GET", "/api/2.0/preview/scim/v2/Me", Endpoint.CURRENT_USER, c -> currentUser());

        api.route("GET", "/api/2.0/genie/spaces", Endpoint.SPACES, c -> listSpaces(spaces, c));
        api.route("POST", "/api/2.0/genie/spaces", Endpoint.SPACES, c -> {
            String warehouse = c.requireText("warehouse_id");
            String parent = c.text("parent_path").orElse("/Workspace/Users/" + USER_NAME);
            if (!parent.startsWith("/")) {
                throw ApiError.invalid("Tree node does not exist: " + parent);
            }
            return spaces.create(c.text("title").orElse("Untitled space"), c.text("description").orElse(""),
                    warehouse, parent, c.requireText("serialized_space")).toJson(true);
        });
        api.route("GET", SPACE, Endpoint.SPACES, c -> spaces.get(c.param(0))
                .toJson(c.queryParam("include_serialized_space").map(Boolean::parseBoolean).orElse(false)));
        api.route("PATCH", SPACE, Endpoint.SPACES, c -> spaces.update(c.param(0), c.text("etag"), c.text("title"),
                c.text("description"), c.text("warehouse_id"), c.text("parent_path"), c.text("serialized_space"))
                .toJson(true));
        api.route("DELETE", SPACE, Endpoint.SPACES, c -> {
            spaces.trash(c.param(0));
            return json();
        });

        api.route("POST", SPACE + "/start-conversation", Endpoint.START_CONVERSATION,
                c -> genie.startConversation(c.param(0), c.requireText("content")));
        api.route("GET", SPACE + "/conversations", Endpoint.GET_MESSAGE, c -> genie.listConversations(c.param(0),
                intParam(c, "page_size", DEFAULT_CONVERSATIONS_PAGE), c.queryParam("page_token").orElse("")));
        api.route("DELETE", SPACE + "/conversations/([^/]+)", Endpoint.GET_MESSAGE, c -> {
            genie.deleteConversation(c.param(0), c.param(1));
            return json();
        });
        api.route("POST", SPACE + "/conversations/([^/]+)/messages", Endpoint.CREATE_MESSAGE,
                c -> genie.createMessage(c.param(0), c.param(1), c.requireText("content")));
        api.route("GET", MESSAGE, Endpoint.GET_MESSAGE, c -> genie.getMessage(c.param(0), c.param(1), c.param(2)));
        api.route("GET", MESSAGE + "/attachments/([^/]+)/query-result", Endpoint.QUERY_RESULT,
                c -> genie.queryResult(c.param(0), c.param(1), c.param(2), c.param(3)));
        api.route("POST", MESSAGE + "/attachments/([^/]+)/execute-query", Endpoint.QUERY_RESULT,
                c -> genie.executeQuery(c.param(0), c.param(1), c.param(2), c.param(3)));
        api.route("GET", MESSAGE + "/query-result", Endpoint.QUERY_RESULT,
                c -> genie.queryResult(c.param(0), c.param(1), c.param(2), null));
        api.route("GET", MESSAGE + "/query-result/([^/]+)", Endpoint.QUERY_RESULT,
                c -> genie.queryResult(c.param(0), c.param(1), c.param(2), c.param(3)));
        api.route("POST", MESSAGE + "/execute-query", Endpoint.QUERY_RESULT,
                c -> genie.executeQuery(c.param(0), c.param(1), c.param(2), null));

        api.route("POST", SPACE + "/eval-runs", Endpoint.EVAL_RUNS, c -> evalRuns.create(c.param(0), ids(c.body())));
        api.route("GET", SPACE + "/eval-runs", Endpoint.EVAL_RUNS, c -> evalRuns.list(c.param(0)));
        api.route("GET", SPACE + "/eval-runs/([^/]+)", Endpoint.EVAL_RUNS, c -> evalRuns.get(c.param(0), c.param(1)));
        api.route("GET", SPACE + "/eval-runs/([^/]+)/results", Endpoint.EVAL_RUNS,
                c -> evalRuns.results(c.param(0), c.param(1)));
        api.route("GET", SPACE + "/eval-runs/([^/]+)/results/([^/]+)", Endpoint.EVAL_RUNS,
                c -> evalRuns.details(c.param(0), c.param(1), c.param(2)));

        api.route("POST", "/api/2.0/sql/statements", Endpoint.STATEMENTS, c -> execute(c, warehouseId, statements));
        api.route("GET", "/api/2.0/sql/statements/([^/]+)", Endpoint.STATEMENTS,
                c -> statements.response(statements.get(c.param(0))));
        api.route("GET", "/api/2.0/sql/statements/([^/]+)/result/chunks/(\\d+)", Endpoint.STATEMENTS,
                c -> statements.chunk(c.param(0), Integer.parseInt(c.param(1))));
        api.route("POST", "/api/2.0/sql/statements/([^/]+)/cancel", Endpoint.STATEMENTS, c -> {
            statements.get(c.param(0)).cancel();
            return json();
        });

        api.route("POST", "/serving-endpoints/chat/completions", Endpoint.SERVING_ENDPOINT,
                c -> llm.complete(c.body().path("model").asText(""), c.body()));
        api.route("POST", "/serving-endpoints/([^/]+)/invocations", Endpoint.SERVING_ENDPOINT,
                c -> llm.complete(c.param(0), c.body()));
    }

    private static JsonNode listSpaces(SpaceStore spaces, Call c) {
        int pageSize = c.queryParam("page_size").map(Integer::parseInt).filter(n -> n > 0).orElse(100);
        int offset = c.queryParam("page_token").filter(t -> !t.isEmpty()).map(Integer::parseInt).orElse(0);
        List<SpaceStore.Space> all = spaces.list();
        ObjectNode n = json();
        ArrayNode list = n.putArray("spaces");
        all.stream().skip(offset).limit(pageSize).forEach(s -> list.add(s.toJson(false)));
        if (offset + pageSize < all.size()) {
            n.put("next_page_token", Integer.toString(offset + pageSize));
        }
        return n;
    }

    /** The workspace's one user, as {@code GET /api/2.0/preview/scim/v2/Me} answers (SCIM 2.0 User). */
    private static JsonNode currentUser() {
        ObjectNode n = json();
        n.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User")
                .add("urn:ietf:params:scim:schemas:extension:workspace:2.0:User");
        n.put("id", Long.toString(GenieService.USER_ID)).put("userName", USER_NAME).put("displayName", "Local User")
                .put("active", true);
        n.putObject("name").put("givenName", "Local").put("familyName", "User");
        n.putArray("emails").addObject().put("type", "work").put("value", USER_NAME).put("primary", true);
        n.putArray("groups").addObject().put("display", "users").put("type", "direct").put("value", "1000000001")
                .put("$ref", "Groups/1000000001");
        n.putArray("entitlements").addObject().put("value", "workspace-access");
        return n;
    }

    private static int intParam(Call c, String name, int defaultValue) {
        String text = c.queryParam(name).orElse("");
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiError.invalid(name + " must be an integer, got '" + text + "'");
        }
    }

    private static List<String> ids(JsonNode body) {
        return SpaceValidator.texts(body.path("benchmark_question_ids"));
    }

    private static JsonNode execute(Call c, String warehouseId, StatementService statements) {
        String warehouse = c.requireText("warehouse_id");
        if (!warehouse.equals(warehouseId)) {
            throw ApiError.notFound("SQL warehouse " + warehouse + " does not exist. This workspace has " + warehouseId + ".");
        }
        String waitText = c.text("wait_timeout").orElse("10s");
        Matcher wait = WAIT.matcher(waitText);
        int seconds = wait.matches() ? Integer.parseInt(wait.group(1)) : -1;
        if (seconds != 0 && (seconds < 5 || seconds > 50)) {
            throw ApiError.invalid("wait_timeout must be 0s or between 5s and 50s, got '" + waitText + "'");
        }
        if (!c.text("disposition").orElse("INLINE").equals("INLINE")) {
            throw ApiError.invalid("LocalWorkspace supports only disposition INLINE");
        }
        if (!c.text("format").orElse("JSON_ARRAY").equals("JSON_ARRAY")) {
            throw ApiError.invalid("INLINE results support only format JSON_ARRAY");
        }
        long rowLimit = c.body().path("row_limit").asLong(-1);
        String sql = bind(c.requireText("statement"), c.body().path("parameters"));
        StatementService.Execution e = statements.submit(sql, rowLimit,
                c.text("catalog").orElse(SampleDataset.CATALOG), c.text("schema").orElse(SampleDataset.SCHEMA),
                Duration.ZERO);
        if (seconds > 0) {
            e.await(Duration.ofSeconds(seconds));
            if (!e.isDone() && c.text("on_wait_timeout").orElse("CONTINUE").equals("CANCEL")) {
                e.cancel();
            }
        }
        return statements.response(e);
    }

    /** Replaces named parameter markers ({@code :name}) with literals, as the warehouse binds them. */
    static String bind(String sql, JsonNode parameters) {
        if (!parameters.isArray() || parameters.isEmpty()) {
            return sql;
        }
        Matcher m = NAMED_MARKER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group();
            if (m.group(1) != null) {
                JsonNode p = find(parameters, m.group(1)).orElseThrow(() -> ApiError.invalid(
                        "No value was given for the parameter marker :" + m.group(1)));
                replacement = literal(p);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Optional<JsonNode> find(JsonNode parameters, String name) {
        for (JsonNode p : parameters) {
            if (p.path("name").asText().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String literal(JsonNode p) {
        if (!p.has("value") || p.path("value").isNull()) {
            return "NULL";
        }
        String value = p.path("value").asText();
        String type = p.path("type").asText("STRING").toUpperCase(java.util.Locale.ROOT);
        if (type.matches("INT|INTEGER|BIGINT|SMALLINT|TINYINT|LONG|SHORT|BYTE|DOUBLE|FLOAT|DECIMAL.*")) {
            if (!value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
                throw ApiError.invalid("Parameter " + p.path("name").asText() + " cannot be cast to " + type);
            }
            return value;
        }
        String quoted = "'" + value.replace("'", "''") + "'";
        return switch (type) {
            case "DATE" -> "DATE " + quoted;
            case "TIMESTAMP" -> "TIMESTAMP " + quoted;
            case "BOOLEAN" -> Boolean.toString(Boolean.parseBoolean(value));
            default -> quoted;
        };
    }

    private static ObjectNode json() {
        return MAPPER.createObjectNode();
    }
}
