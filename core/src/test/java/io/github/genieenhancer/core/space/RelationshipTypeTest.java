package io.github.genieenhancer.core.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelationshipTypeTest {

    @Test
    void parsesNamesInAnyCaseAndWithDashes() {
        assertThat(RelationshipType.parse("MANY_TO_ONE")).isEqualTo(RelationshipType.MANY_TO_ONE);
        assertThat(RelationshipType.parse(" one-to-many ")).isEqualTo(RelationshipType.ONE_TO_MANY);
    }

    @Test
    void parsesTheWholeMarkerItWrites() {
        for (RelationshipType type : RelationshipType.values()) {
            assertThat(RelationshipType.parse(type.marker())).isEqualTo(type);
        }
        assertThat(RelationshipType.parse("FROM_RELATIONSHIP_TYPE_ONE_TO_ONE")).isEqualTo(RelationshipType.ONE_TO_ONE);
    }

    @Test
    void unknownTypeNamesTheText() {
        assertThatThrownBy(() -> RelationshipType.parse("--rt=FROM_RELATIONSHIP_TYPE_SOME--"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rt=FROM_RELATIONSHIP_TYPE_SOME--")
                .hasMessageContaining("MANY_TO_ONE");
    }
}
