package dev.logship.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Collects every configuration problem before failing, so that a user fixes them in one go. Each
 * problem names the setting (as the user wrote it) and how to fix it.
 */
public final class ConfigProblems {
    private final List<String> problems = new ArrayList<>();

    /** Records a problem: {@code setting} is the option's public name, {@code fix} says what to do. */
    public void add(String setting, String fix) {
        problems.add("logship: invalid '" + setting + "': " + fix);
    }

    /** Records a problem when {@code condition} holds. */
    public void check(boolean condition, String setting, String fix) {
        if (condition) {
            add(setting, fix);
        }
    }

    /** Parses a value, recording a problem (and returning {@code fallback}) when it does not parse. */
    public <T> T parse(String setting, String text, Function<String, T> parser, T fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            add(setting, e.getMessage());
            return fallback;
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> all() {
        return Collections.unmodifiableList(problems);
    }

    /** Throws {@link InvalidConfigException} listing every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }
}
