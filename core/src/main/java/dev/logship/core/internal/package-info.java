/** Internals shared by the stages; not an API. The relocated Disruptor also lives below this package. */
package dev.logship.core.internal;
