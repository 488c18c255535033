/**
 * Benchmarks for logship, packaged as one executable jar ({@code benchmarks/target/benchmarks.jar}):
 * <ul>
 *   <li>{@link dev.logship.benchmarks.AppThreadCostBenchmark} (JMH): what one logging call costs the
 *       application thread through {@code LogshipAppender}, beside a no-op Logback appender;</li>
 *   <li>{@link dev.logship.benchmarks.ThroughputHarness} (plain main): events per second shipped end to
 *       end to a local {@code _bulk} receiver, without loss.</li>
 * </ul>
 * Performance is measured here, never asserted: there are no tests in this module. See
 * {@code benchmarks/README.md} for the commands and how to read the results.
 */
package dev.logship.benchmarks;
