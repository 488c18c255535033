package dev.logship.core.diag;

/**
 * What the pipeline knows about its sink now, for health checks: whether the last request worked.
 *
 * @param state               {@link State#UNKNOWN} until the first request settles, then {@link State#UP} after a
 *                            request the sink answered, {@link State#FAILING} after one it did not
 * @param consecutiveFailures failed attempts since the last one that worked
 * @param lastError           why the last failed attempt failed (no credentials in it), or null
 * @param lastSuccessMillis   epoch millis of the last request that worked, or 0
 * @param failingSinceMillis  epoch millis of the first failure of the current run of failures, or 0
 */
public record SinkStatus(State state, long consecutiveFailures, String lastError, long lastSuccessMillis,
                         long failingSinceMillis) {

    public static final SinkStatus UNKNOWN = new SinkStatus(State.UNKNOWN, 0, null, 0, 0);

    public enum State { UNKNOWN, UP, FAILING }

    public boolean failing() {
        return state == State.FAILING;
    }
}
