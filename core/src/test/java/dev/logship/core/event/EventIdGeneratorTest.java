package dev.logship.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventIdGeneratorTest {

    @Test
    void idsAre22Base64UrlCharacters() {
        EventIdGenerator ids = new EventIdGenerator();
        for (int i = 0; i < 1_000; i++) {
            char[] id = ids.next();

            assertThat(id).hasSize(EventIdGenerator.LENGTH);
            assertThat(new String(id)).matches("[A-Za-z0-9_-]{22}");
        }
        assertThat(EventIdGenerator.LENGTH).isEqualTo(22);
    }

    @Test
    void hundredThousandIdsAreUnique() {
        EventIdGenerator ids = new EventIdGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.next();
            assertThat(seen.add(ids.current())).as("id %d is new", i).isTrue();
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void generatorsWithDifferentRandomPartsNeverShareAnId() {
        EventIdGenerator one = new EventIdGenerator(1L);
        EventIdGenerator two = new EventIdGenerator(2L);
        Set<String> fromOne = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            fromOne.add(new String(one.next()));
        }

        for (int i = 0; i < 1_000; i++) {
            assertThat(fromOne).doesNotContain(new String(two.next()));
        }
        assertThat(new String(new EventIdGenerator(1L).next())).isNotEqualTo(new String(new EventIdGenerator(2L).next()));
    }

    @Test
    void theSameRandomPartGivesTheSameSequence() {
        EventIdGenerator a = new EventIdGenerator(-7L);
        EventIdGenerator b = new EventIdGenerator(-7L);

        for (int i = 0; i < 100; i++) {
            assertThat(new String(a.next())).isEqualTo(new String(b.next()));
        }
    }

    @Test
    void knownValues() {
        EventIdGenerator ids = new EventIdGenerator(1L);

        assertThat(new String(ids.next())).isEqualTo("AAAAAAAAAAEAAAAAAAAAAA");
        assertThat(new String(ids.next())).isEqualTo("AAAAAAAAAAEAAAAAAAAAAE");
        assertThat(new String(new EventIdGenerator(-1L).next())).startsWith("__________8");
    }

    @Test
    void nextReusesOneBufferAndCurrentCopiesIt() {
        EventIdGenerator ids = new EventIdGenerator(3L);
        char[] first = ids.next();
        String firstText = ids.current();

        char[] second = ids.next();

        assertThat(second).isSameAs(first);
        assertThat(ids.current()).isNotEqualTo(firstText);
    }
}
