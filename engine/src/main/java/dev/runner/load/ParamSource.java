package dev.runner.load;

import dev.runner.model.SourcePos;

/** Where a parameter's value came from, as the plan shows it. */
public record ParamSource(Kind kind, String detail) {
    /** In precedence order, strongest first. */
    public enum Kind {
        OPTION("-p"), PARAMS_FILE("params file"), RECORDED("recorded"), REPOSITORY("repository"), ENV("env"),
        DEFAULT("default");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final ParamSource OPTION = new ParamSource(Kind.OPTION, "");
    public static final ParamSource RECORDED = new ParamSource(Kind.RECORDED, "");
    public static final ParamSource DEFAULT = new ParamSource(Kind.DEFAULT, "");

    public static ParamSource paramsFile(SourcePos at) {
        return new ParamSource(Kind.PARAMS_FILE, at.toString());
    }

    public static ParamSource repository(String name, SourcePos at) {
        return new ParamSource(Kind.REPOSITORY, name + " (" + at + ")");
    }

    public static ParamSource env(String variable) {
        return new ParamSource(Kind.ENV, variable);
    }

    /** {@code -p}, {@code default}, {@code env AWS_ACCESS_KEY_ID}, {@code repository prod (repos/prod.yaml:4:13)}. */
    @Override
    public String toString() {
        return detail.isEmpty() ? kind.label() : kind.label() + " " + detail;
    }
}
