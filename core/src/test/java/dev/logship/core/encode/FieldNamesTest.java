package dev.logship.core.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "user|user",
            "request.id|request.id",
            "''|_",
            "..|__",
            ".lead|_lead",
            "trail.|trail_",
            "a..b|a._b",
            "'   '|___",
            "'.a b'|_a_b"})
    void ecsNamesHaveNoEmptyPathSegment(String key, String expected) {
        assertThat(FieldNames.ecs(key)).isEqualTo(expected);
    }

    @Test
    void ecsNamesReplaceUnpairedSurrogatesAndKeepPairs() {
        assertThat(FieldNames.ecs("key\uD800")).isEqualTo("key_");
        assertThat(FieldNames.ecs("\uDC00key")).isEqualTo("_key");
        assertThat(FieldNames.ecs("a\uDC00\uD800b")).isEqualTo("a__b");
        assertThat(FieldNames.ecs("smile\uD83D\uDE00")).isEqualTo("smile\uD83D\uDE00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "user_id|user_id",
            "bad key!|bad_key_",
            "a/b|a_b",
            "ключ|____",
            "''|_",
            "ok.name-1|ok.name-1"})
    void gelfNamesKeepOnlyWordCharactersDotsAndDashes(String key, String expected) {
        assertThat(FieldNames.gelf(key)).isEqualTo(expected).matches("[\\w.\\-]+");
    }

    @Test
    void namesArePrefixedAndCachedPerKey() {
        FieldNames names = new FieldNames("labels.", FieldNames::ecs, Set.of());

        SerializedString first = names.name("user");

        assertThat(first.getValue()).isEqualTo("labels.user");
        assertThat(names.name("user")).isSameAs(first);
    }

    @Test
    void reservedNamesGetATrailingUnderscore() {
        FieldNames names = new FieldNames("", FieldNames::ecs, Set.of("message", "message_"));

        assertThat(names.name("message").getValue()).isEqualTo("message__");
    }

    @Test
    void differentKeysNeverShareAName() {
        FieldNames names = new FieldNames("_", FieldNames::gelf, Set.of());

        assertThat(names.name("a b").getValue()).isEqualTo("_a_b");
        assertThat(names.name("a_b").getValue()).isEqualTo("_a_b_");
        assertThat(names.name("a?b").getValue()).isEqualTo("_a_b__");
        assertThat(names.name(null).getValue()).isEqualTo("__");
        assertThat(names.name("").getValue()).isEqualTo("___");
        assertThat(names.name("a b").getValue()).isEqualTo("_a_b");
    }

    @Test
    void instancesSharingTakenNamesNeverHandOutTheSameName() {
        Set<String> taken = new HashSet<>();
        FieldNames mdc = new FieldNames("labels.", FieldNames::ecs, Set.of(), taken, false);
        FieldNames keyValues = new FieldNames("", FieldNames::ecs, Set.of(), taken, false);

        assertThat(mdc.name("user").getValue()).isEqualTo("labels.user");
        assertThat(keyValues.name("labels.user").getValue()).isEqualTo("labels.user_");
        assertThat(keyValues.name("user").getValue()).isEqualTo("user");
    }

    @Test
    void staysUniqueAndBoundedWhenTheCacheIsClearedAfterManyKeys() {
        Set<String> taken = new HashSet<>();
        FieldNames names = new FieldNames("_", FieldNames::gelf, Set.of(), taken, false);
        for (int i = 0; i < 25_000; i++) {
            names.name("key " + i);
        }
        assertThat(taken).as("names given out are forgotten with the cache").hasSizeLessThanOrEqualTo(10_000);

        Set<String> seen = new HashSet<>();
        for (String key : new String[] {"x y", "x_y", "x-y", "x.y", "x?y"}) {
            assertThat(seen.add(names.name(key).getValue())).as(key).isTrue();
        }
        assertThat(seen).contains("_x_y", "_x-y", "_x.y");
    }
}
