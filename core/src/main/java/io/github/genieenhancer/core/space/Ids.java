package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Item ids: 32 lowercase hex characters. New ids continue after the largest id anywhere in the document, so they sort
 * after every existing item (real ids are time-ordered and the API wants each array sorted by id) and the same
 * edit on the same document always yields the same ids.
 */
final class Ids {
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{32}");
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(128);

    private BigInteger last;

    private Ids(BigInteger last) {
        this.last = last;
    }

    static boolean isValid(String id) {
        return VALID.matcher(id).matches();
    }

    /** An allocator whose ids come after every valid id of the document. */
    static Ids after(JsonNode root) {
        BigInteger max = BigInteger.ZERO;
        for (String id : used(root)) {
            if (isValid(id)) {
                max = max.max(new BigInteger(id, 16));
            }
        }
        return new Ids(max);
    }

    /**
     * Every {@code id} anywhere in the document, unknown sections included, so a new id never clashes with an item
     * of a kind this library does not know yet.
     */
    static Set<String> used(JsonNode root) {
        Set<String> ids = new HashSet<>();
        collect(root, ids);
        return ids;
    }

    private static void collect(JsonNode node, Set<String> ids) {
        if (node.isObject() && node.path("id").isTextual()) {
            ids.add(node.get("id").asText());
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, ids));
        }
    }

    String next() {
        last = last.add(BigInteger.ONE);
        if (last.compareTo(LIMIT) >= 0) {
            throw new IllegalStateException("No id is left after ffffffffffffffffffffffffffffffff");
        }
        return String.format("%032x", last);
    }

    /** Puts {@code id} first in a new item, where the API writes it. */
    static ObjectNode newItem(String id) {
        ObjectNode item = SpaceJson.NODES.objectNode();
        item.put("id", id);
        return item;
    }
}
