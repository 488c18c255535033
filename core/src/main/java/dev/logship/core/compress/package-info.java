/** The compress stage: none, gzip and zstd over whole batches, with reused contexts. */
package dev.logship.core.compress;
