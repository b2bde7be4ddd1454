package dev.runner.local.api.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PodSecurityAdmissionTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> RESTRICTED = Map.of("pod-security.kubernetes.io/enforce", "restricted");
    private static final Map<String, String> BASELINE = Map.of("pod-security.kubernetes.io/enforce", "baseline",
            "pod-security.kubernetes.io/warn", "restricted", "pod-security.kubernetes.io/warn-version", "v1.31");

    private static JsonNode pod(String spec) {
        return JSON.readTree(("{'metadata':{'name':'x'},'spec':" + spec + "}").replace('\'', '"'));
    }

    private static final String PLAIN = "{'containers':[{'name':'c','image':'i'}]}";
    private static final String COMPLIANT = "{'securityContext':{'runAsNonRoot':true,'seccompProfile':{'type':"
            + "'RuntimeDefault'}},'containers':[{'name':'c','securityContext':{'allowPrivilegeEscalation':false,"
            + "'capabilities':{'drop':['ALL']}}}]}";

    @Test
    void restrictedRefusesAPlainPodWithTheUpstreamMessage() {
        AdmissionRefused e = assertThrows(AdmissionRefused.class,
                () -> PodSecurityAdmission.admit("pods", pod(PLAIN), null, RESTRICTED));
        assertEquals("pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation"
                + "=false), unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop="
                + "[\"ALL\"]), runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot="
                + "true), seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to "
                + "\"RuntimeDefault\" or \"Localhost\")", e.getMessage());
        assertEquals(List.of(), assertDoesNotRefuse("pods", pod(COMPLIANT), RESTRICTED));
    }

    @Test
    void baselineRefusesHostAccessAndWarnsAboutRestricted() {
        AdmissionRefused e = assertThrows(AdmissionRefused.class, () -> PodSecurityAdmission.admit("pods",
                pod("{'hostNetwork':true,'hostPID':true,'volumes':[{'name':'h','hostPath':{'path':'/'}}],"
                        + "'containers':[{'name':'a','ports':[{'containerPort':80,'hostPort':8080}],"
                        + "'securityContext':{'privileged':true,'capabilities':{'add':['SYS_ADMIN','CHOWN']}}},"
                        + "{'name':'b'}]}"), null, BASELINE));
        assertEquals("pods \"x\" is forbidden: violates PodSecurity \"baseline:latest\": host namespaces (hostNetwork, "
                + "hostPID), hostPort (container \"a\" uses hostPort 8080), privileged (container \"a\" must not set "
                + "securityContext.privileged=true), non-default capabilities (container \"a\" must not include "
                + "\"SYS_ADMIN\" in securityContext.capabilities.add), hostPath volumes (volume \"h\")",
                e.getMessage());
        assertEquals(List.of("would violate PodSecurity \"restricted:v1.31\": allowPrivilegeEscalation != false "
                + "(containers \"a\", \"b\" must set securityContext.allowPrivilegeEscalation=false), unrestricted "
                + "capabilities (containers \"a\", \"b\" must set securityContext.capabilities.drop=[\"ALL\"]), "
                + "runAsNonRoot != true (pod or containers \"a\", \"b\" must set securityContext.runAsNonRoot=true), "
                + "seccompProfile (pod or containers \"a\", \"b\" must set securityContext.seccompProfile.type to "
                + "\"RuntimeDefault\" or \"Localhost\")"),
                assertDoesNotRefuse("pods", pod("{'containers':[{'name':'a'},{'name':'b'}]}"), BASELINE));
    }

    @Test
    void explicitBadValuesAndRestrictedVolumes() {
        AdmissionRefused e = assertThrows(AdmissionRefused.class, () -> PodSecurityAdmission.admit("pods",
                pod("{'securityContext':{'runAsNonRoot':false,'runAsUser':0,'seccompProfile':{'type':'Unconfined'}},"
                        + "'volumes':[{'name':'n','nfs':{}},{'name':'h','hostPath':{}},{'name':'e','emptyDir':{}}],"
                        + "'containers':[{'name':'c','securityContext':{'allowPrivilegeEscalation':false,"
                        + "'capabilities':{'drop':['ALL'],'add':['NET_ADMIN','NET_BIND_SERVICE']}}}]}"), null,
                RESTRICTED));
        assertEquals("pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\": unrestricted capabilities "
                + "(container \"c\" must not include \"NET_ADMIN\" in securityContext.capabilities.add), restricted "
                + "volume types (volumes [\"h\" \"n\"] have restricted types), runAsNonRoot != true (pod must not set "
                + "securityContext.runAsNonRoot=false), runAsUser=0 (pod must not set runAsUser=0), seccompProfile "
                + "(pod must not set securityContext.seccompProfile.type to \"Unconfined\")", e.getMessage());
    }

    /**
     * Checks of later policy versions (k8s.io/pod-security-admission/policy): windowsOptions.hostProcess (baseline),
     * the appArmorProfile fields next to the annotations (1.30), and what later versions allow: the 1.27-1.32
     * sysctls, SELinux type container_engine_t (1.31), image volumes under restricted (1.33).
     */
    @Test
    void laterPolicyVersionsHostProcessAppArmorFieldsAndWhatTheyAllow() {
        AdmissionRefused e = assertThrows(AdmissionRefused.class, () -> PodSecurityAdmission.admit("pods",
                JSON.readTree(("{'metadata':{'name':'x','annotations':{'container.apparmor.security.beta.kubernetes.io/b':"
                        + "'unconfined'}},'spec':{'securityContext':{'windowsOptions':{'hostProcess':true},"
                        + "'appArmorProfile':{'type':'Unconfined'}},'containers':[{'name':'a','securityContext':"
                        + "{'windowsOptions':{'hostProcess':true},'appArmorProfile':{'type':'RuntimeDefault'}}},"
                        + "{'name':'b','securityContext':{'appArmorProfile':{'type':'Unconfined'}}}]}}")
                        .replace('\'', '"')), null, BASELINE));
        assertEquals("pods \"x\" is forbidden: violates PodSecurity \"baseline:latest\": forbidden AppArmor profiles "
                + "(pod and container \"b\" and annotation must not set AppArmor profile type to \"Unconfined\", "
                + "\"container.apparmor.security.beta.kubernetes.io/b=\"unconfined\"\"), hostProcess (pod and container "
                + "\"a\" must not set securityContext.windowsOptions.hostProcess=true)", e.getMessage());
        String allowed = "{'securityContext':{'runAsNonRoot':true,'seccompProfile':{'type':'RuntimeDefault'},"
                + "'appArmorProfile':{'type':'Localhost','localhostProfile':'p'},'sysctls':[{'name':"
                + "'net.ipv4.ip_local_reserved_ports','value':'1'},{'name':'net.ipv4.tcp_keepalive_time','value':'1'},"
                + "{'name':'net.ipv4.tcp_rmem','value':'4096 87380 6291456'}],'seLinuxOptions':{'type':"
                + "'container_engine_t'}},'volumes':[{'name':'i','image':{'reference':'r'}}],'containers':[{'name':'c',"
                + "'securityContext':{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL']}}}]}";
        assertEquals(List.of(), assertDoesNotRefuse("pods", pod(allowed), RESTRICTED));
    }

    @Test
    void workloadsAreWarnedNeverRefusedAndUnlabelledNamespacesArePrivileged() {
        JsonNode cronJob = JSON.readTree(("{'metadata':{'name':'cj'},'spec':{'jobTemplate':{'spec':{'template':"
                + "{'spec':" + PLAIN + "}}}}}").replace('\'', '"'));
        List<String> w = assertDoesNotRefuse("cronjobs", cronJob, Map.of("pod-security.kubernetes.io/enforce",
                "restricted", "pod-security.kubernetes.io/warn", "restricted"));
        assertEquals(1, w.size());
        assertEquals(true, w.get(0).startsWith("would violate PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false (container \"c\""), w.get(0));
        assertEquals(List.of(), assertDoesNotRefuse("pods", pod("{'hostNetwork':true,'containers':[{'name':'c',"
                + "'securityContext':{'privileged':true}}]}"), Map.of()));
        JsonNode old = pod(PLAIN);
        assertEquals(List.of(), assertDoesNotRefuse2("pods", pod(PLAIN), old, RESTRICTED), "spec unchanged");
    }

    private static List<String> assertDoesNotRefuse(String resource, JsonNode o, Map<String, String> labels) {
        return assertDoesNotRefuse2(resource, o, null, labels);
    }

    private static List<String> assertDoesNotRefuse2(String resource, JsonNode o, JsonNode old,
            Map<String, String> labels) {
        try {
            return PodSecurityAdmission.admit(resource, o, old, labels);
        } catch (AdmissionRefused e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }
}
