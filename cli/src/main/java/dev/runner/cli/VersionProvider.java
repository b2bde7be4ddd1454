package dev.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code runner --version}: the engine's Maven version (from the jar) and the Java runtime. */
final class VersionProvider implements CommandLine.IVersionProvider {
    private static final String POM = "/META-INF/maven/dev.runner/engine/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"runner " + version(), "java " + Runtime.version()};
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through: a development build run from target/classes has no jar metadata
        }
        return "development build";
    }
}
