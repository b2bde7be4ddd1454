package dev.runner.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.builtin.LogStep;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepRegistryTest {
    /** A plugin type, listed in a provider file of a "jar" after the engine's. */
    public static final class Touch extends Named {
        public Touch() {
            super("touch");
        }
    }

    /** A plugin type that takes a built-in's name. */
    public static final class OtherLog extends Named {
        public OtherLog() {
            super("log");
        }
    }

    /** A class loader whose own provider files come after its parent's, recording whether they were read. */
    static final class PluginLoader extends URLClassLoader {
        boolean read;

        PluginLoader(Path dir) throws IOException {
            super(new URL[] {dir.toUri().toURL()}, StepRegistryTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> findResources(String name) throws IOException {
            Enumeration<URL> own = super.findResources(name);
            return new Enumeration<>() {
                public boolean hasMoreElements() {
                    read = true;
                    return own.hasMoreElements();
                }

                public URL nextElement() {
                    read = true;
                    return own.nextElement();
                }
            };
        }
    }

    @TempDir
    Path dir;

    private PluginLoader plugin(Class<?>... types) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        StringBuilder list = new StringBuilder();
        for (Class<?> t : types) {
            list.append(t.getName()).append('\n');
        }
        Files.writeString(services.resolve(StepType.class.getName()), list);
        return new PluginLoader(dir);
    }

    @Test
    void aBuiltInNameIsFoundWithoutReadingLaterJars() throws IOException {
        try (PluginLoader loader = plugin(Touch.class)) {
            StepRegistry registry = StepRegistry.discover(loader);
            assertTrue(registry.find("log").orElseThrow() instanceof LogStep);
            assertTrue(registry.find("shell").isPresent());
            assertFalse(loader.read, "the plugin's provider file was read for a built-in type");
            assertTrue(registry.find("touch").orElseThrow() instanceof Touch);
            assertTrue(loader.read);
            assertTrue(registry.find("nosuch").isEmpty());
            assertTrue(registry.names().equals(java.util.Set.of("log", "shell", "touch")),
                    registry.names().toString());
        }
    }

    @Test
    void twoTypesWithOneNameAreRefusedWhenAllAreListed() throws IOException {
        try (PluginLoader loader = plugin(OtherLog.class)) {
            StepRegistry registry = StepRegistry.discover(loader);
            assertTrue(registry.find("log").orElseThrow() instanceof LogStep, "the first on the class path wins");
            IllegalStateException e = assertThrows(IllegalStateException.class, registry::names);
            assertEquals("two step types are named 'log': " + LogStep.class.getName() + " and "
                    + OtherLog.class.getName(), e.getMessage());
        }
    }

    /** The least a step type needs for a registry: a name. */
    abstract static class Named implements StepType {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "a test type";
        }

        @Override
        public String withSchema() {
            return "{\"type\": \"object\"}";
        }

        @Override
        public StepPlan plan(StepContext ctx) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StepResult run(StepContext ctx) {
            throw new UnsupportedOperationException();
        }
    }
}
