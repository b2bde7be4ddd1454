package dev.runner.state;

import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, without a DNS lookup (which can take seconds on a badly configured host). */
public final class Host {
    private static final String NAME = find();

    private Host() {
    }

    public static String name() {
        return NAME;
    }

    private static String find() {
        try {
            String s = Files.readString(Path.of("/etc/hostname")).trim();
            if (!s.isEmpty()) {
                return s;
            }
        } catch (Exception e) {
            // not Linux-like; fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
