/** The {@code java -jar logship-core.jar spool ...} tool. */
package dev.logship.core.cli;
