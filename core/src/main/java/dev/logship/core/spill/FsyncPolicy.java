package dev.logship.core.spill;

/**
 * When the spill store forces what it wrote to the disk. A process crash ({@code kill -9}) loses
 * nothing that was written, whatever the policy: the operating system keeps the written pages. The
 * policy bounds what an operating-system crash or power loss can take.
 */
public enum FsyncPolicy {
    /** Never forced by logship (the operating system writes back in its own time, typically within 30 s). */
    NEVER,
    /** Forced at most once per {@code spill.fsyncInterval}: loss bounded by that interval. */
    INTERVAL,
    /** Forced after every record, before it counts as spilled: nothing acknowledged is lost. */
    ALWAYS
}
