package io.github.genieenhancer.core;

/**
 * The Genie space changed since we read it (its etag no longer matches), so our update was refused rather than
 * overwrite someone else's edit. Re-read the space and re-apply.
 */
public class SpaceConflictException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    /** The id of the space that changed underneath us. */
    private final String spaceId;

    /** Creates an exception for a space. */
    public SpaceConflictException(String spaceId, String message, Throwable cause) {
        super(message, cause);
        this.spaceId = spaceId;
    }

    /** The id of the space that changed underneath us. */
    public String spaceId() {
        return spaceId;
    }
}
