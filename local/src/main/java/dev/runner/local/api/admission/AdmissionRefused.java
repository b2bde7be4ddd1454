package dev.runner.local.api.admission;

/** An admission plugin refused the object: 403 Forbidden with {@code RESOURCE "NAME" is forbidden: MESSAGE}. */
public final class AdmissionRefused extends Exception {
    private final String resource;
    private final String group;
    private final String name;
    private final String detail;

    AdmissionRefused(String group, String resource, String name, String detail) {
        super((group.isEmpty() ? resource : resource + "." + group) + (name.isEmpty() ? "" : " \"" + name + "\"")
                + " is forbidden: " + detail);
        this.resource = resource;
        this.group = group;
        this.name = name;
        this.detail = detail;
    }

    public String resource() {
        return resource;
    }

    public String group() {
        return group;
    }

    public String name() {
        return name;
    }

    /** The part after "is forbidden: ". */
    public String detail() {
        return detail;
    }
}
