package dev.logship.core.config;

import java.util.List;

/** Thrown by {@code validate()} with every problem found; each names the setting and the fix. */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** One message per problem, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
