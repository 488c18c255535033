/** The encode stage: events to ECS JSON or GELF 1.1 with Jackson's streaming generator. */
package dev.logship.core.encode;
