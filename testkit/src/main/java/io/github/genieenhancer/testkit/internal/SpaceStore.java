package io.github.genieenhancer.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The Genie spaces of the workspace with their {@code serialized_space}, an etag that changes on every write, and
 * the validation the real API applies before it accepts a configuration. A configuration is stored in the order
 * the API accepts and served in the order it exports ({@link ExportOrder}). Thread-safe.
 */
public final class SpaceStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Space> spaces = new TreeMap<>();
    private final Map<String, UnaryOperator<ObjectNode>> editsAfterNextGet = new TreeMap<>();
    private long nextSpaceNumber = 1;
    private long nextVersion = 1;

    /**
     * A space as stored.
     *
     * @param config the parsed {@code serialized_space}; never shared with callers unless copied
     */
    public record Space(String spaceId, String title, String description, String warehouseId, String parentPath,
                        ObjectNode config, long version, boolean trashed) {
        /** The etag clients send back to update this version. */
        public String etag() {
            return String.format(Locale.ROOT, "%016x", version * 0x9E3779B97F4A7C15L);
        }

        /** The {@code serialized_space} in the order the API exports it. */
        public ObjectNode exported() {
            return ExportOrder.exported(config);
        }

        /** The space's JSON as {@code GET /api/2.0/genie/spaces/{id}} returns it. */
        public ObjectNode toJson(boolean includeSerializedSpace) {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("space_id", spaceId).put("title", title).put("description", description)
                    .put("warehouse_id", warehouseId).put("parent_path", parentPath).put("etag", etag());
            if (includeSerializedSpace) {
                n.put("serialized_space", exported().toString());
            }
            return n;
        }
    }

    /** Stores a new space and returns it. */
    public synchronized Space create(String title, String description, String warehouseId, String parentPath,
                                     String serializedSpace) {
        ObjectNode config = SpaceValidator.parseAndValidate(serializedSpace);
        String id = String.format(Locale.ROOT, "01f0%012x%016x", nextSpaceNumber++, 0xa11ce5L);
        Space space = new Space(id, title, description, warehouseId, parentPath, config, nextVersion++, false);
        spaces.put(id, space);
        return space;
    }

    /**
     * Stores an exported space under a given id, as if it had been created through the API in the order the API
     * accepts.
     *
     * @throws ApiError when the id is taken, or the API would refuse the configuration even in that order
     */
    public synchronized Space host(String spaceId, String title, String warehouseId, String parentPath,
                                   ObjectNode exported) {
        if (spaces.containsKey(spaceId)) {
            throw ApiError.invalid("Genie space " + spaceId + " already exists.");
        }
        ObjectNode config = requireAcceptable(exported);
        Space space = new Space(spaceId, title, "", warehouseId, parentPath, config, nextVersion++, false);
        spaces.put(spaceId, space);
        return space;
    }

    /**
     * An exported configuration in the order the API accepts.
     *
     * @throws ApiError when the API would refuse it even in that order
     */
    public static ObjectNode requireAcceptable(ObjectNode exported) {
        return SpaceValidator.validate(ExportOrder.accepted(exported));
    }

    /** The space, or a 404. Applies a pending "edit after the next read" after taking the snapshot returned. */
    public Space get(String spaceId) {
        Space snapshot;
        UnaryOperator<ObjectNode> pendingEdit;
        synchronized (this) {
            snapshot = live(spaceId);
            pendingEdit = editsAfterNextGet.remove(spaceId);
        }
        if (pendingEdit != null) {
            editUnderneath(spaceId, pendingEdit);
        }
        return snapshot;
    }

    /** The space, or empty when it does not exist or is trashed; no side effects. */
    public synchronized Optional<Space> peek(String spaceId) {
        Space s = spaces.get(spaceId);
        return s == null || s.trashed() ? Optional.empty() : Optional.of(s);
    }

    /** The spaces that are not trashed, by id. */
    public synchronized List<Space> list() {
        return spaces.values().stream().filter(s -> !s.trashed()).toList();
    }

    /**
     * Applies a PATCH: each present field replaces the stored one; {@code serialized_space} is a full replacement.
     *
     * @param etag the etag the client read, or empty to update unconditionally
     */
    public synchronized Space update(String spaceId, Optional<String> etag, Optional<String> title,
                                     Optional<String> description, Optional<String> warehouseId,
                                     Optional<String> parentPath, Optional<String> serializedSpace) {
        Space current = live(spaceId);
        if (etag.isPresent() && !etag.get().equals(current.etag())) {
            throw new ApiError(409, "ABORTED", "Space configuration has been modified since this export was taken "
                    + "(etag " + etag.get() + " is stale, the current etag is " + current.etag()
                    + "). Re-fetch the space and apply the change again.");
        }
        ObjectNode config = serializedSpace.map(SpaceValidator::parseAndValidate).orElse(current.config());
        Space updated = new Space(spaceId, title.orElse(current.title()), description.orElse(current.description()),
                warehouseId.orElse(current.warehouseId()), parentPath.orElse(current.parentPath()), config,
                nextVersion++, false);
        spaces.put(spaceId, updated);
        return updated;
    }

    /** Moves a space to the trash. */
    public synchronized void trash(String spaceId) {
        Space s = live(spaceId);
        spaces.put(spaceId, new Space(s.spaceId(), s.title(), s.description(), s.warehouseId(), s.parentPath(),
                s.config(), nextVersion++, true));
    }

    /** Changes a space's configuration as another user would, bumping its etag. */
    public synchronized Space editUnderneath(String spaceId, UnaryOperator<ObjectNode> edit) {
        Space s = live(spaceId);
        ObjectNode edited = edit.apply(s.config().deepCopy());
        String json;
        try {
            json = MAPPER.writeValueAsString(edited);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("edited configuration is not serialisable", e);
        }
        return update(spaceId, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(json));
    }

    /** Schedules an edit that happens right after the next GET of the space has taken its snapshot. */
    public synchronized void editAfterNextGet(String spaceId, UnaryOperator<ObjectNode> edit) {
        live(spaceId);
        editsAfterNextGet.put(spaceId, edit);
    }

    /** A copy of a space's current configuration. */
    public synchronized ObjectNode config(String spaceId) {
        return live(spaceId).config().deepCopy();
    }

    private Space live(String spaceId) {
        Space s = spaces.get(spaceId);
        if (s == null || s.trashed()) {
            throw ApiError.notFound("Genie space " + spaceId + " does not exist.");
        }
        return s;
    }
}
