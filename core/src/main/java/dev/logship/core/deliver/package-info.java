/** The deliver stage: sender threads, bounded batches in flight, retry with backoff and jitter. */
package dev.logship.core.deliver;
