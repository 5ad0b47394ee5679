package io.github.genieenhancer.genie.internal;

import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.ResultManifest;
import com.databricks.sdk.service.sql.ResultSchema;
import com.databricks.sdk.service.sql.StatementResponse;
import io.github.genieenhancer.genie.QueryResult;
import io.github.genieenhancer.genie.ResultColumn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** Maps the SDK's Statement Execution shapes onto the library's one result model. */
public final class StatementResults {

    private StatementResults() {
    }

    /** The typed columns of a manifest, in result order; none when the manifest has no schema. */
    public static List<ResultColumn> columns(ResultManifest manifest) {
        ResultSchema schema = manifest == null ? null : manifest.getSchema();
        if (schema == null || schema.getColumns() == null) {
            return List.of();
        }
        List<ColumnInfo> infos = new ArrayList<>(schema.getColumns());
        // Positions are explicit in the manifest; do not trust the JSON order.
        infos.sort((a, b) -> Long.compare(position(a), position(b)));
        List<ResultColumn> columns = new ArrayList<>(infos.size());
        for (ColumnInfo info : infos) {
            String typeText = info.getTypeText() == null ? "" : info.getTypeText();
            String typeName = info.getTypeName() != null ? info.getTypeName().name() : typeFamily(typeText);
            columns.add(new ResultColumn(info.getName() == null ? "" : info.getName(), typeName,
                    typeText.isEmpty() ? typeName : typeText, optionalInt(info.getTypePrecision()),
                    optionalInt(info.getTypeScale())));
        }
        return columns;
    }

    /** The rows of one chunk; SQL NULLs stay {@code null} cells. */
    public static List<List<String>> rows(ResultData data) {
        if (data == null || data.getDataArray() == null) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>(data.getDataArray().size());
        for (Collection<String> row : data.getDataArray()) {
            rows.add(row == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(row)));
        }
        return rows;
    }

    /** The index of the chunk after this one, or -1 when this is the last. */
    public static long nextChunkIndex(ResultData data) {
        return data == null || data.getNextChunkIndex() == null ? -1 : data.getNextChunkIndex();
    }

    /** Whether the server truncated the result. */
    public static boolean truncated(ResultManifest manifest) {
        return manifest != null && Boolean.TRUE.equals(manifest.getTruncated());
    }

    /** The server's total row count, or {@code fallback} when the manifest lacks it. */
    public static long totalRowCount(ResultManifest manifest, long fallback) {
        return manifest == null || manifest.getTotalRowCount() == null ? fallback : manifest.getTotalRowCount();
    }

    /**
     * The result held in one response, without fetching further chunks: Genie's attachment result arrives this
     * way. A response that announces further chunks is reported as truncated.
     */
    public static QueryResult firstChunkResult(StatementResponse response, boolean alsoTruncated) {
        ResultManifest manifest = response.getManifest();
        List<List<String>> rows = rows(response.getResult());
        boolean truncated = alsoTruncated || truncated(manifest) || nextChunkIndex(response.getResult()) >= 0;
        return new QueryResult(columns(manifest), rows, totalRowCount(manifest, rows.size()), truncated);
    }

    private static long position(ColumnInfo info) {
        return info.getPosition() == null ? Long.MAX_VALUE : info.getPosition();
    }

    private static OptionalInt optionalInt(Long value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(Math.toIntExact(value));
    }

    /** {@code DECIMAL(10,2)} → {@code DECIMAL}, {@code array<int>} → {@code ARRAY}; for names the SDK lacks. */
    private static String typeFamily(String typeText) {
        int end = 0;
        while (end < typeText.length() && (Character.isLetterOrDigit(typeText.charAt(end))
                || typeText.charAt(end) == '_')) {
            end++;
        }
        return end == 0 ? "UNKNOWN" : typeText.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
