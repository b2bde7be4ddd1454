package dev.runner.model;

public enum ParamType {
    STRING, INT, BOOL, DURATION;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
