package dev.logship.spring;

/** {@code logship.health.*}: how the Actuator health contributor {@code logship} reports. */
public class HealthProperties {
    /**
     * Whether the application's health goes DOWN while the log sink fails; by default the contributor stays UP
     * and reports the sink as failing, so that a log sink outage never takes the application out of service.
     */
    private boolean downWhenSinkDown = false;

    public boolean isDownWhenSinkDown() { return downWhenSinkDown; }
    public void setDownWhenSinkDown(boolean downWhenSinkDown) { this.downWhenSinkDown = downWhenSinkDown; }
}
