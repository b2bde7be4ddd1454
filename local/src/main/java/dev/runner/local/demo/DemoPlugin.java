package dev.runner.local.demo;

import dev.runner.cli.CommandPlugin;
import java.util.List;

/** Adds {@code runner demo} to the CLI when the local module is on the classpath. */
public final class DemoPlugin implements CommandPlugin {
    @Override
    public List<Object> commands() {
        return List.of(new DemoCommand());
    }
}
