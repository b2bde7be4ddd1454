package dev.runner.local.api.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ServiceAccountAdmissionTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, JsonNode> store = Map.of(
            "/api/v1/namespaces/ns/serviceaccounts/default", JSON.readTree("{}"),
            "/api/v1/namespaces/ns/serviceaccounts/quiet", JSON.readTree("{\"automountServiceAccountToken\":false}"));

    private static ObjectNode pod(String json) {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void defaultAccountAndTheProjectedTokenInEveryContainer() throws Exception {
        ObjectNode p = pod("{'metadata':{'name':'p'},'spec':{'initContainers':[{'name':'i'}],'containers':[{'name':'c',"
                + "'volumeMounts':[{'name':'data','mountPath':'/data'}]}]}}");
        ServiceAccountAdmission.admit(p, "ns", store::get);
        JsonNode spec = p.path("spec");
        assertEquals("default", spec.path("serviceAccountName").asString());
        String volume = spec.path("volumes").get(0).path("name").asString();
        assertTrue(volume.matches("kube-api-access-[a-z0-9]{5}"), volume);
        JsonNode sources = spec.path("volumes").get(0).path("projected").path("sources");
        assertEquals(3607, sources.get(0).path("serviceAccountToken").path("expirationSeconds").asInt());
        assertEquals("kube-root-ca.crt", sources.get(1).path("configMap").path("name").asString());
        assertEquals("metadata.namespace", sources.get(2).path("downwardAPI").path("items").get(0).path("fieldRef")
                .path("fieldPath").asString());
        for (String list : new String[] {"initContainers", "containers"}) {
            JsonNode mounts = spec.path(list).get(0).path("volumeMounts");
            JsonNode last = mounts.get(mounts.size() - 1);
            assertEquals(volume, last.path("name").asString());
            assertEquals("/var/run/secrets/kubernetes.io/serviceaccount", last.path("mountPath").asString());
            assertTrue(last.path("readOnly").asBoolean());
        }
    }

    @Test
    void automountFalseOnTheAccountOrPodAndAMissingAccount() throws Exception {
        ObjectNode quiet = pod("{'metadata':{'name':'p'},'spec':{'serviceAccountName':'quiet','containers':[{'name':'c'}]}}");
        ServiceAccountAdmission.admit(quiet, "ns", store::get);
        assertTrue(quiet.path("spec").path("volumes").isMissingNode());
        ObjectNode optIn = pod("{'metadata':{'name':'p'},'spec':{'serviceAccountName':'quiet',"
                + "'automountServiceAccountToken':true,'containers':[{'name':'c'}]}}");
        ServiceAccountAdmission.admit(optIn, "ns", store::get);
        assertEquals(1, optIn.path("spec").path("volumes").size(), "the pod's setting wins");
        AdmissionRefused e = assertThrows(AdmissionRefused.class, () -> ServiceAccountAdmission.admit(
                pod("{'metadata':{'generateName':'pg-7d9f-'},'spec':{'serviceAccountName':'backup','containers':[]}}"),
                "ns", store::get));
        assertEquals("pods \"pg-7d9f-\" is forbidden: error looking up service account ns/backup: serviceaccount "
                + "\"backup\" not found", e.getMessage());
    }
}
