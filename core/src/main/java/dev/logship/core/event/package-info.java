/** The capture model: what one event holds, and how an appender's capture is read back. */
package dev.logship.core.event;
