package dev.runner.local.api.auth;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The review APIs (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access):
 * SelfSubjectAccessReview (what {@code kubectl auth can-i} posts), SubjectAccessReview (any user, for those allowed to
 * create it), SelfSubjectRulesReview ({@code kubectl auth can-i --list}) and SelfSubjectReview
 * ({@code kubectl auth whoami}). Each answers the posted object with its status filled in, nothing is stored.
 */
public final class AccessReviews {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RbacAuthorizer authorizer;

    public AccessReviews(RbacAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Whether a POST to {@code path} is a review this class answers. */
    public static boolean handles(String path) {
        return path.matches("/apis/authorization\\.k8s\\.io/v1/(selfsubjectaccessreviews|subjectaccessreviews"
                + "|selfsubjectrulesreviews)|/apis/authentication\\.k8s\\.io/v1/selfsubjectreviews");
    }

    /** The answered review for a POST of {@code body} to {@code path} by {@code user}. */
    public String answer(String path, UserInfo user, byte[] body) {
        ObjectNode review = JSON.readTree(body) instanceof ObjectNode o ? o : JSON.createObjectNode();
        String resource = path.substring(path.lastIndexOf('/') + 1);
        ObjectNode metadata = review.putObject("metadata");
        metadata.putNull("creationTimestamp");
        JsonNode spec = review.path("spec");
        ObjectNode status = review.putObject("status");
        switch (resource) {
            case "selfsubjectreviews" -> {
                ObjectNode info = status.putObject("userInfo");
                info.put("username", user.name());
                if (!user.uid().isEmpty()) {
                    info.put("uid", user.uid());
                }
                user.groups().forEach(info.putArray("groups")::add);
            }
            case "selfsubjectrulesreviews" -> rules(user, spec.path("namespace").asString(""), status);
            default -> {
                UserInfo subject = resource.equals("selfsubjectaccessreviews") ? user : subject(spec);
                Decision d = authorizer.authorize(attributes(subject, spec));
                status.put("allowed", d.allowed());
                if (!d.reason().isEmpty()) {
                    status.put("reason", d.reason());
                }
            }
        }
        return JSON.writeValueAsString(review);
    }

    private static UserInfo subject(JsonNode spec) {
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asString("")));
        return new UserInfo(spec.path("user").asString(""), spec.path("uid").asString(""), groups);
    }

    private static RequestAttributes attributes(UserInfo user, JsonNode spec) {
        JsonNode r = spec.path("resourceAttributes");
        if (r.isObject()) {
            return RequestAttributes.resource(user, r.path("verb").asString(""), r.path("group").asString(""),
                    r.path("namespace").asString(""), r.path("resource").asString(""),
                    r.path("subresource").asString(""), r.path("name").asString(""));
        }
        JsonNode n = spec.path("nonResourceAttributes");
        return RequestAttributes.nonResource(user, n.path("verb").asString(""), n.path("path").asString(""));
    }

    private void rules(UserInfo user, String namespace, ObjectNode status) {
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        List<JsonNode> rules = new ArrayList<>();
        if (user.inGroup(UserInfo.MASTERS)) {
            rules.add(JSON.readTree("{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}"));
            rules.add(JSON.readTree("{\"verbs\":[\"*\"],\"nonResourceURLs\":[\"*\"]}"));
        }
        rules.addAll(authorizer.rulesFor(user, namespace));
        for (JsonNode rule : rules) {
            if (rule.path("resources").size() > 0) {
                ObjectNode r = resourceRules.addObject();
                r.set("verbs", rule.path("verbs"));
                r.set("apiGroups", rule.path("apiGroups"));
                r.set("resources", rule.path("resources"));
                if (rule.path("resourceNames").size() > 0) {
                    r.set("resourceNames", rule.path("resourceNames"));
                }
            }
            if (rule.path("nonResourceURLs").size() > 0) {
                ObjectNode n = nonResourceRules.addObject();
                n.set("verbs", rule.path("verbs"));
                n.set("nonResourceURLs", rule.path("nonResourceURLs"));
            }
        }
        status.put("incomplete", false);
    }
}
