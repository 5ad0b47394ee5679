package io.github.genieenhancer.genie;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieCreateSpaceRequest;
import com.databricks.sdk.service.dashboards.GenieGetSpaceRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesResponse;
import com.databricks.sdk.service.dashboards.GenieSpace;
import com.databricks.sdk.service.dashboards.GenieUpdateSpaceRequest;
import io.github.genieenhancer.core.ConfigurationException;
import io.github.genieenhancer.core.GenieApiException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.Sleeper;
import io.github.genieenhancer.core.SpaceConflictException;
import io.github.genieenhancer.core.SpaceValidationException;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.genie.internal.CallCounter;
import io.github.genieenhancer.genie.internal.DatabricksCalls;
import io.github.genieenhancer.genie.internal.SdkCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes Genie spaces: list, get (with the configuration parsed into a {@link SpaceConfig} and the
 * etag), update guarded by the etag, create and trash. Immutable and thread-safe.
 *
 * <pre>{@code
 * SpaceApi spaces = SpaceApi.create(workspace);
 * Space space = spaces.get("01ef...");
 * Space updated = spaces.update(space, space.config());   // refused if someone edited the space meanwhile
 * }</pre>
 *
 * <p>Every write (update and create) is the one place where a configuration is made {@linkplain
 * SpaceConfig#writable() writable}: normalised the way the API demands, then checked against its rules, and only
 * then sent. A configuration read from the API can therefore be written back as it is, although the API exports
 * some arrays in an order it refuses on input (benchmark questions newest first, an example's parameters
 * unsorted); and one the API would refuse is never sent.
 *
 * <p>Reading a configuration needs at least CAN EDIT on the space.
 */
public final class SpaceApi {
    private final DatabricksCalls calls;
    private final int pageSize;

    private SpaceApi(Builder b) {
        this.calls = DatabricksCalls.create(b.workspace, b.retryPolicy, b.sleeper);
        this.pageSize = b.pageSize;
    }

    /** A space API with the default settings. */
    public static SpaceApi create(WorkspaceClient workspace) {
        return builder(workspace).build();
    }

    /** A builder for a space API that calls Databricks through the given workspace client. */
    public static Builder builder(WorkspaceClient workspace) {
        return new Builder(workspace);
    }

    /**
     * Every space the caller can see, following the pages.
     *
     * @throws GenieApiException when a call failed even after retries
     */
    public List<SpaceSummary> list() {
        List<SpaceSummary> spaces = new ArrayList<>();
        String pageToken = null;
        do {
            GenieListSpacesRequest request = new GenieListSpacesRequest().setPageSize((long) pageSize)
                    .setPageToken(pageToken);
            GenieListSpacesResponse page = call("list Genie spaces", () -> calls.genie().listSpaces(request));
            if (page.getSpaces() != null) {
                for (GenieSpace space : page.getSpaces()) {
                    spaces.add(new SpaceSummary(space.getSpaceId(), nullToEmpty(space.getTitle()),
                            Optional.ofNullable(space.getDescription()), Optional.ofNullable(space.getWarehouseId()),
                            Optional.ofNullable(space.getParentPath())));
                }
            }
            pageToken = page.getNextPageToken() == null || page.getNextPageToken().isEmpty() ? null
                    : page.getNextPageToken();
        } while (pageToken != null);
        return List.copyOf(spaces);
    }

    /**
     * A space with its configuration ({@code include_serialized_space=true}) and etag.
     *
     * @throws GenieApiException      when the call failed even after retries (404: no such space)
     * @throws GenieEnhancerException when the response holds no configuration: reading it needs CAN EDIT
     * @throws io.github.genieenhancer.core.DocumentFormatException when the configuration is not a JSON object
     */
    public Space get(String spaceId) {
        Objects.requireNonNull(spaceId, "spaceId");
        GenieSpace space = call("get Genie space " + spaceId, () -> calls.genie().getSpace(
                new GenieGetSpaceRequest().setSpaceId(spaceId).setIncludeSerializedSpace(true)));
        if (space.getSerializedSpace() == null || space.getSerializedSpace().isBlank()) {
            throw new GenieEnhancerException("Genie space " + spaceId + " was returned without its serialized_space;"
                    + " reading a space's configuration needs at least CAN EDIT on it");
        }
        return toSpace(space, spaceId, null);
    }

    /**
     * Replaces a space's configuration with its {@linkplain SpaceConfig#writable() writable} form, unless the space
     * changed since the etag was read.
     *
     * @param etag the etag of the version the new configuration was derived from
     * @return the space as the update left it, with its new etag
     * @throws SpaceConflictException   when the space was edited since that version
     * @throws SpaceValidationException when the configuration breaks the API's rules even after normalising;
     *                                  nothing was sent
     * @throws GenieApiException        when the call failed otherwise (e.g. the API rejected the configuration)
     */
    public Space update(String spaceId, SpaceConfig config, String etag) {
        Objects.requireNonNull(etag, "etag");
        return patch(spaceId, config, etag);
    }

    /**
     * Replaces the configuration of a space read with {@link #get} by the {@linkplain SpaceConfig#writable()
     * writable} form of {@code config}, guarded by the etag it was read with; a space read without an etag is
     * updated unconditionally.
     *
     * @throws SpaceConflictException   when the space was edited since it was read
     * @throws SpaceValidationException when the configuration breaks the API's rules even after normalising;
     *                                  nothing was sent
     */
    public Space update(Space current, SpaceConfig config) {
        return patch(current.spaceId(), config, current.etag().orElse(null));
    }

    /**
     * Creates a space with the {@linkplain SpaceConfig#writable() writable} form of the draft's configuration.
     *
     * @return the new space, as the create call returned it
     * @throws SpaceValidationException when the configuration breaks the API's rules even after normalising;
     *                                  nothing was sent
     * @throws GenieApiException        when the call failed, e.g. the parent folder does not exist
     */
    public Space create(SpaceDraft draft) {
        GenieCreateSpaceRequest request = new GenieCreateSpaceRequest().setTitle(draft.title())
                .setWarehouseId(draft.warehouseId()).setSerializedSpace(draft.config().writable().toJson())
                .setDescription(draft.description().orElse(null)).setParentPath(draft.parentPath().orElse(null));
        GenieSpace created = call("create Genie space '" + draft.title() + "'",
                () -> calls.genie().createSpace(request));
        if (created.getSpaceId() == null) {
            throw new GenieApiException("Creating Genie space '" + draft.title() + "' returned no space_id", 200,
                    null, false, null);
        }
        return toSpace(created, created.getSpaceId(), request.getSerializedSpace());
    }

    /**
     * Moves a space to the trash.
     *
     * @throws GenieApiException when the call failed even after retries
     */
    public void trash(String spaceId) {
        call("trash Genie space " + spaceId, () -> {
            calls.genie().trashSpace(spaceId);
            return null;
        });
    }

    private Space patch(String spaceId, SpaceConfig config, String etag) {
        Objects.requireNonNull(spaceId, "spaceId");
        String serialized = Objects.requireNonNull(config, "config").writable().toJson();
        GenieUpdateSpaceRequest request = new GenieUpdateSpaceRequest().setSpaceId(spaceId)
                .setSerializedSpace(serialized).setEtag(etag);
        try {
            GenieSpace updated = call("update Genie space " + spaceId, () -> calls.genie().updateSpace(request));
            return toSpace(updated, spaceId, serialized);
        } catch (GenieApiException e) {
            if (isConflict(e)) {
                throw new SpaceConflictException(spaceId, "Genie space " + spaceId
                        + " changed since it was read (etag " + etag + "); re-read it and apply the change again",
                        e);
            }
            throw e;
        }
    }

    /**
     * The etag mismatch is documented only as "the update fails"; Databricks signals conflicts with 409 or 412, and
     * stale exports with a message saying the space "has been modified".
     */
    private static boolean isConflict(GenieApiException e) {
        if (e.statusCode() == 409 || e.statusCode() == 412) {
            return true;
        }
        String code = e.errorCode().orElse("");
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        return code.equals("ABORTED") || code.equals("RESOURCE_CONFLICT")
                || (e.statusCode() == 400 && (message.contains("has been modified") || message.contains("etag")));
    }

    private static Space toSpace(GenieSpace space, String spaceId, String sentConfig) {
        String serialized = space.getSerializedSpace() != null && !space.getSerializedSpace().isBlank()
                ? space.getSerializedSpace() : sentConfig;
        if (serialized == null) {
            throw new GenieEnhancerException("Genie space " + spaceId + " was returned without its serialized_space");
        }
        SpaceConfig config = SpaceConfig.parse(serialized, "serialized_space of space " + spaceId);
        return new Space(space.getSpaceId() != null ? space.getSpaceId() : spaceId, nullToEmpty(space.getTitle()),
                Optional.ofNullable(space.getDescription()), Optional.ofNullable(space.getWarehouseId()),
                Optional.ofNullable(space.getParentPath()), Optional.ofNullable(space.getEtag()), config,
                serialized);
    }

    private <T> T call(String operation, SdkCall<T> call) {
        return calls.callUnchecked(operation, new CallCounter(), call);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Builds a {@link SpaceApi}. */
    public static final class Builder {
        private final WorkspaceClient workspace;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Sleeper sleeper = Sleeper.system();
        private int pageSize = 100;

        private Builder(WorkspaceClient workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /** Retries of failed calls (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** How to wait between retries (default {@link Sleeper#system()}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Spaces per page when listing (default 100). */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1) {
                throw new ConfigurationException("SpaceApi.pageSize must be at least 1, got " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** The space API. */
        public SpaceApi build() {
            return new SpaceApi(this);
        }
    }
}
