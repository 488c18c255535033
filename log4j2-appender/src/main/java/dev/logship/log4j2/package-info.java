/** The Log4j2 appender: {@code <Logship>} in log4j2.xml. */
package dev.logship.log4j2;
