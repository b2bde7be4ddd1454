package dev.runner.local.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RbacAuthorizerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, JsonNode> roles = new HashMap<>();
    private final List<JsonNode> clusterBindings = new ArrayList<>();
    private final Map<String, List<JsonNode>> bindings = new HashMap<>();
    private final RbacAuthorizer rbac = new RbacAuthorizer(new PolicySource() {
        public List<JsonNode> clusterRoleBindings() {
            return clusterBindings;
        }

        public List<JsonNode> roleBindings(String ns) {
            return bindings.getOrDefault(ns, List.of());
        }

        public JsonNode clusterRole(String name) {
            return roles.get("/" + name);
        }

        public JsonNode role(String ns, String name) {
            return roles.get(ns + "/" + name);
        }
    });
    private final UserInfo backup = UserInfo.serviceAccount("hasura", "backup", "u1");

    private static JsonNode json(String s) {
        return JSON.readTree(s.replace('\'', '"'));
    }

    private void backupRole(String rules) {
        roles.put("hasura/backup", json("{'rules':" + rules + "}"));
        bindings.put("hasura", List.of(json("{'metadata':{'name':'backup'},'roleRef':{'kind':'Role','name':'backup'},"
                + "'subjects':[{'kind':'ServiceAccount','name':'backup'}]}")));
    }

    private Decision can(UserInfo u, String verb, String group, String ns, String resource, String sub, String name) {
        return rbac.authorize(RequestAttributes.resource(u, verb, group, ns, resource, sub, name));
    }

    @Test
    void theShippedBackupRoleAllowsExactlyWhatItLists() {
        backupRole("[{'apiGroups':['apps'],'resources':['deployments'],'resourceNames':['postgres'],'verbs':['get']},"
                + "{'apiGroups':[''],'resources':['pods'],'verbs':['get','list']},"
                + "{'apiGroups':[''],'resources':['pods/exec'],'verbs':['create','get']}]");
        assertTrue(can(backup, "get", "apps", "hasura", "deployments", "", "postgres").allowed());
        assertFalse(can(backup, "get", "apps", "hasura", "deployments", "", "other").allowed(), "resourceNames");
        assertFalse(can(backup, "list", "apps", "hasura", "deployments", "", "").allowed(), "list has no name");
        assertFalse(can(backup, "patch", "apps", "hasura", "deployments", "", "postgres").allowed(), "verb");
        assertTrue(can(backup, "create", "", "hasura", "pods", "exec", "postgres-1").allowed());
        assertFalse(can(backup, "get", "", "hasura", "pods", "log", "postgres-1").allowed(), "pods/log not listed");
        assertFalse(can(backup, "delete", "", "hasura", "pods", "", "x").allowed());
        assertFalse(can(backup, "create", "", "other", "pods", "exec", "x").allowed(), "other namespace");
        assertFalse(can(backup, "list", "", "", "pods", "", "").allowed(), "cluster-wide list");
        assertFalse(can(UserInfo.serviceAccount("other", "backup", "u2"), "get", "", "hasura", "pods", "", "p")
                .allowed(), "same name, other namespace");
        Decision d = can(backup, "get", "", "hasura", "pods", "", "p");
        assertEquals("RBAC: allowed by RoleBinding \"backup/hasura\" of Role \"backup\" to ServiceAccount "
                + "\"backup/hasura\"", d.reason());
    }

    @Test
    void wildcardsAndSubresources() {
        backupRole("[{'apiGroups':['*'],'resources':['*/log'],'verbs':['*']}]");
        assertTrue(can(backup, "get", "", "hasura", "pods", "log", "p").allowed());
        assertFalse(can(backup, "get", "", "hasura", "pods", "", "p").allowed(), "*/log is not the pod");
        assertFalse(can(backup, "create", "", "hasura", "pods", "exec", "p").allowed());
        backupRole("[{'apiGroups':[''],'resources':['pods'],'verbs':['*']}]");
        assertFalse(can(backup, "create", "", "hasura", "pods", "exec", "p").allowed(), "pods is not pods/exec");
        assertTrue(can(backup, "deletecollection", "", "hasura", "pods", "", "").allowed());
        assertFalse(can(backup, "get", "apps", "hasura", "pods", "", "p").allowed(), "group");
    }

    @Test
    void clusterRolesThroughBothBindingKindsGroupsAndMissingRoles() {
        roles.put("/reader", json("{'rules':[{'apiGroups':[''],'resources':['secrets'],'verbs':['get']}]}"));
        bindings.put("hasura", List.of(json("{'metadata':{'name':'rb'},'roleRef':{'kind':'ClusterRole','name':"
                + "'reader'},'subjects':[{'kind':'Group','name':'system:serviceaccounts:hasura'}]}")));
        assertTrue(can(backup, "get", "", "hasura", "secrets", "", "s").allowed());
        assertFalse(can(backup, "get", "", "kube-system", "secrets", "", "s").allowed(), "RoleBinding is namespaced");
        clusterBindings.add(json("{'metadata':{'name':'gone'},'roleRef':{'kind':'ClusterRole','name':'gone'},"
                + "'subjects':[{'kind':'User','name':'" + backup.name() + "'}]}"));
        Decision d = can(backup, "get", "", "kube-system", "secrets", "", "s");
        assertFalse(d.allowed());
        assertEquals("RBAC: clusterrole.rbac.authorization.k8s.io \"gone\" not found", d.reason());
        clusterBindings.add(json("{'metadata':{'name':'all'},'roleRef':{'kind':'ClusterRole','name':'reader'},"
                + "'subjects':[{'kind':'ServiceAccount','name':'backup','namespace':'hasura'}]}"));
        assertTrue(can(backup, "get", "", "kube-system", "secrets", "", "s").allowed());
    }

    @Test
    void nonResourceUrlsAndMasters() {
        roles.put("/disc", json("{'rules':[{'nonResourceURLs':['/api','/apis/*'],'verbs':['get']}]}"));
        clusterBindings.add(json("{'metadata':{'name':'d'},'roleRef':{'kind':'ClusterRole','name':'disc'},"
                + "'subjects':[{'kind':'Group','name':'system:authenticated'}]}"));
        assertTrue(rbac.authorize(RequestAttributes.nonResource(backup, "get", "/apis/apps/v1")).allowed());
        assertTrue(rbac.authorize(RequestAttributes.nonResource(backup, "get", "/api")).allowed());
        assertFalse(rbac.authorize(RequestAttributes.nonResource(backup, "get", "/api/v1")).allowed());
        assertFalse(rbac.authorize(RequestAttributes.nonResource(UserInfo.anonymous(), "get", "/api")).allowed());
        assertTrue(can(UserInfo.admin(), "delete", "", "", "nodes", "", "n").allowed(), "system:masters");
    }

    @Test
    void bootstrapPolicyGivesDiscoveryAndSelfReviewsToAuthenticatedUsersOnly() {
        for (var o : BootstrapPolicy.objects()) {
            JsonNode n = JSON.valueToTree(o);
            if (n.path("kind").asString("").equals("ClusterRole")) {
                roles.put("/" + n.path("metadata").path("name").asString(""), n);
            } else {
                clusterBindings.add(n);
            }
        }
        assertTrue(can(backup, "create", "authorization.k8s.io", "", "selfsubjectaccessreviews", "", "").allowed());
        assertTrue(rbac.authorize(RequestAttributes.nonResource(backup, "get", "/apis")).allowed());
        assertFalse(rbac.authorize(RequestAttributes.nonResource(UserInfo.anonymous(), "get", "/apis")).allowed());
        assertTrue(rbac.authorize(RequestAttributes.nonResource(UserInfo.anonymous(), "get", "/healthz")).allowed());
        assertFalse(can(backup, "list", "", "hasura", "pods", "", "").allowed());
    }
}
