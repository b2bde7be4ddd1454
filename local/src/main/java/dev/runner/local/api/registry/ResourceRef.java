package dev.runner.local.api.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a request path names: /api/v1/… or /apis/GROUP/VERSION/…, [namespaces/NS/]RESOURCE[/NAME[/SUB]]. */
public record ResourceRef(String group, String version, String resource, String namespace, String name,
        String subresource, String kind) {
    private static final Pattern PATH = Pattern.compile(
            "/(?:api/(v1)|apis/([^/]+)/([^/]+))(?:/namespaces/([^/]+))?/([a-z]+)(?:/([^/]+))?(?:/([a-z]+))?");

    /** The reference, or null when the path is not a resource path (discovery, namespaces' own path …). */
    public static ResourceRef parse(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        String group = m.group(1) != null ? "" : m.group(2);
        String version = m.group(1) != null ? "v1" : m.group(3);
        return new ResourceRef(group, version, m.group(5), m.group(4), m.group(6), m.group(7), null);
    }

    ResourceRef withKind(String kind) {
        return new ResourceRef(group, version, resource, namespace, name, subresource, kind);
    }

    public ResourceRef withoutSubresource() {
        return new ResourceRef(group, version, resource, namespace, name, null, kind);
    }

    public ResourceRef withName(String newName) {
        return new ResourceRef(group, version, resource, namespace, newName, subresource, kind);
    }

    /** The path of the object itself (no subresource). */
    public String objectPath() {
        String base = group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version;
        return base + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource + "/" + name;
    }

    /** The path of the collection the object is in. */
    public String collectionPath() {
        String base = group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version;
        return base + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource;
    }

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** As the server names the kind in messages: {@code Deployment.apps}, {@code Pod}. */
    String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    String resourceWithGroup() {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
