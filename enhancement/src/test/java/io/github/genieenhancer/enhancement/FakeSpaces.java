package io.github.genieenhancer.enhancement;

import io.github.genieenhancer.core.SpaceConflictException;
import io.github.genieenhancer.core.space.SpaceConfig;
import io.github.genieenhancer.enhancement.internal.SpaceGateway;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Spaces held in memory with an etag that changes on every write, as the Genie API's does. */
final class FakeSpaces implements SpaceGateway {
    private final Map<String, String> serialized = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();
    private int writes;
    private String editAfterNextRead;

    synchronized void put(String spaceId, String json) {
        serialized.put(spaceId, json);
        versions.merge(spaceId, 1, Integer::sum);
    }

    /** Someone else edits the space. */
    synchronized void editUnderneath(String spaceId, String instruction) {
        put(spaceId, SpaceConfig.parse(serialized.get(spaceId)).withInstructionTextAppended(instruction).toJson());
    }

    /** Someone else edits the space right after the next read, before the reader writes. */
    synchronized void editAfterNextRead(String instruction) {
        editAfterNextRead = instruction;
    }

    synchronized SpaceConfig config(String spaceId) {
        return SpaceConfig.parse(serialized.get(spaceId));
    }

    synchronized int writes() {
        return writes;
    }

    @Override
    public synchronized Current read(String spaceId) {
        String json = serialized.get(spaceId);
        if (json == null) {
            throw new IllegalArgumentException("no space " + spaceId);
        }
        Current current = new Current(SpaceConfig.parse(json), json, Optional.of(etag(spaceId)));
        if (editAfterNextRead != null) {
            editUnderneath(spaceId, editAfterNextRead);
            editAfterNextRead = null;
        }
        return current;
    }

    @Override
    public synchronized Optional<String> write(String spaceId, SpaceConfig config, Optional<String> etag) {
        if (etag.isPresent() && !etag.get().equals(etag(spaceId))) {
            throw new SpaceConflictException(spaceId, "Space " + spaceId + " changed since it was read", null);
        }
        config.requireValid();
        writes++;
        put(spaceId, config.toJson());
        return Optional.of(etag(spaceId));
    }

    private String etag(String spaceId) {
        return "etag-" + versions.get(spaceId);
    }
}
