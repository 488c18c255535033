/** Sinks: what a destination's protocol needs (framing, request shape, reading its answer). */
package dev.logship.core.sink;
