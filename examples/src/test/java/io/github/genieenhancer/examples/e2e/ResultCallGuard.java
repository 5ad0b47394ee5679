package io.github.genieenhancer.examples.e2e;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import io.github.genieenhancer.testkit.LocalWorkspace;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a test's expiry of results out of the calls that return them. Databricks drops a result about an hour
 * after it was produced, so a result is never dropped inside the very call that waits for it and returns it; the
 * local workspace's {@code expireResults()} can be, when it runs while such a call is between finishing the query
 * and answering. Clients built on {@link #workspaceClient()} hold this guard around every call that returns a
 * result (SQL statements, a Genie message's query result, its re-execution); {@link #whenNoResultCallIsOpen}
 * runs the expiry only between them. Expiry between two calls (after a poll saw the message COMPLETED, before the
 * result is fetched) still happens, as it can on Databricks.
 */
final class ResultCallGuard implements HttpClient {
    private final HttpClient http;
    private final WorkspaceClient workspace;
    private final ReadWriteLock calls = new ReentrantReadWriteLock();
    private final AtomicInteger reExecutions = new AtomicInteger();

    ResultCallGuard(LocalWorkspace local) {
        DatabricksConfig config = local.databricksConfig();
        this.http = new CommonsHttpClient.Builder().withDatabricksConfig(config).withTimeoutSeconds(60).build();
        this.workspace = new WorkspaceClient(config.setHttpClient(this));
    }

    /** A client of the workspace whose result calls are guarded. */
    WorkspaceClient workspaceClient() {
        return workspace;
    }

    /** How many Genie answers were run again ({@code execute-query}) through this client. */
    int reExecutions() {
        return reExecutions.get();
    }

    /** Runs the action as soon as no result call is open, holding new ones back meanwhile. */
    void whenNoResultCallIsOpen(Runnable action) {
        calls.writeLock().lock();
        try {
            action.run();
        } finally {
            calls.writeLock().unlock();
        }
    }

    @Override
    public Response execute(Request request) throws IOException {
        String path = request.getUri().getPath();
        if (!path.startsWith("/api/2.0/sql/statements") && !path.endsWith("/query-result")
                && !path.endsWith("/execute-query")) {
            return http.execute(request);
        }
        if (path.endsWith("/execute-query")) {
            reExecutions.incrementAndGet();
        }
        calls.readLock().lock();
        try {
            return http.execute(request);
        } finally {
            calls.readLock().unlock();
        }
    }
}
