/** The pipeline: wires the stages from an immutable config; start, offer, flush, stop. */
package dev.logship.core.pipeline;
