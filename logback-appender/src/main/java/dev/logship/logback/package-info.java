/** Logback glue for logship: an appender whose Joran properties build the core pipeline config. */
package dev.logship.logback;
