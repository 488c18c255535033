package dev.logship.core.pipeline;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name without a DNS round trip where the environment already says it. */
final class HostName {
    private HostName() {
    }

    static String local() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            name = System.getenv("COMPUTERNAME");
        }
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(Path.of("/etc/hostname")).trim();
            } catch (Exception | Error e) {
                name = null;
            }
        }
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                name = "unknown-host";
            }
        }
        return name;
    }
}
