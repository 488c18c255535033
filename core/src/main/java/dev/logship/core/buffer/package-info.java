/** The buffer stage: the Disruptor ring between application threads and the encode thread. */
package dev.logship.core.buffer;
