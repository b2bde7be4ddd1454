package dev.runner.local.api.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request asks to do, as authorization sees it (k8s.io/apiserver authorizer.Attributes, built the way
 * RequestInfoFactory reads a URL: https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb).
 * A resource request has a verb (get, list, watch, create, update, patch, delete, deletecollection), API group,
 * namespace, resource, subresource and name; anything else (discovery, /healthz, /version) is a non-resource request
 * whose verb is the lower-case HTTP method and whose path is matched against nonResourceURLs.
 */
public record RequestAttributes(UserInfo user, String verb, boolean resourceRequest, String path, String apiGroup,
        String apiVersion, String namespace, String resource, String subresource, String name) {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    public static RequestAttributes resource(UserInfo user, String verb, String group, String namespace,
            String resource, String subresource, String name) {
        return new RequestAttributes(user, verb, true, "", nz(group), "*", nz(namespace), nz(resource),
                nz(subresource), nz(name));
    }

    public static RequestAttributes nonResource(UserInfo user, String verb, String path) {
        return new RequestAttributes(user, verb, false, path, "", "", "", "", "", "");
    }

    /** The attributes of an HTTP request (no user yet). */
    public static RequestAttributes of(String method, String path, Map<String, List<String>> query) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        String httpVerb = method.toLowerCase();
        if (parts.length < 3 || !parts[0].equals("api") && !parts[0].equals("apis")) {
            return nonResource(null, httpVerb, path);
        }
        int i = 1;
        String group = "";
        if (parts[0].equals("apis")) {
            if (parts.length < 4) {
                return nonResource(null, httpVerb, path);
            }
            group = parts[i++];
        }
        String version = parts[i++];
        String verb = switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
        };
        if (parts[i].equals("watch") && parts.length > i + 1) {
            verb = "watch";
            i++;
        }
        String namespace = "";
        if (parts[i].equals("namespaces") && parts.length > i + 1) {
            namespace = parts[i + 1];
            if (parts.length > i + 2 && !NAMESPACE_SUBRESOURCES.contains(parts[i + 2])) {
                i += 2;
            }
        }
        String resource = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : "";
        String subresource = parts.length > i + 2 ? parts[i + 2] : "";
        if (name.isEmpty() && verb.equals("get")) {
            verb = "true".equals(first(query, "watch")) ? "watch" : "list";
            String selector = first(query, "fieldSelector");
            if (selector != null && selector.matches("metadata\\.name==?[^,=!]+")) {
                name = selector.substring(selector.lastIndexOf('=') + 1);
            }
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        return new RequestAttributes(null, verb, true, path, group, version, namespace, resource, subresource, name);
    }

    public RequestAttributes withUser(UserInfo u) {
        return new RequestAttributes(u, verb, resourceRequest, path, apiGroup, apiVersion, namespace, resource,
                subresource, name);
    }

    /** resource or resource/subresource, as rules name it. */
    public String combinedResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query == null ? null : query.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
