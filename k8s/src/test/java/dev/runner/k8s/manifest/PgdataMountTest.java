package dev.runner.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgdataMountTest {
    static Map<String, Object> template(List<Map<String, Object>> env, List<Map<String, Object>> mounts) {
        return Map.of("spec", Map.of("containers", List.of(
                Map.of("name", "sidecar", "volumeMounts", List.of(Map.of("name", "other", "mountPath", "/var/lib/postgresql/data"))),
                Map.of("name", "postgres", "env", env, "volumeMounts", mounts))));
    }

    @Test
    void theMountHoldingPgdataIsTakenAsTheContainerHasIt() {
        PgdataMount m = PgdataMount.of(template(List.of(Map.of("name", "PGDATA", "value", "/var/lib/postgresql/data/pgdata")),
                List.of(Map.of("name", "run", "mountPath", "/var/run/postgresql"),
                        Map.of("name", "pvc", "mountPath", "/var/lib/postgresql/data", "subPath", "postgres"),
                        Map.of("name", "wide", "mountPath", "/var/lib"))), "postgres", PgdataMount.IMAGE_DEFAULT);
        assertEquals("/var/lib/postgresql/data/pgdata", m.pgdata());
        assertEquals(Map.of("name", "pvc", "mountPath", "/var/lib/postgresql/data", "subPath", "postgres"), m.mount(),
                "the deepest mount that holds PGDATA, with its subPath");
    }

    @Test
    void withoutPgdataInEnvTheImageDefaultIsUsed() {
        PgdataMount m = PgdataMount.of(template(List.of(), List.of(Map.of("name", "data", "mountPath", "/var/lib/postgresql/data/"))),
                "postgres", PgdataMount.IMAGE_DEFAULT);
        assertEquals("/var/lib/postgresql/data", m.pgdata());
        assertEquals("data", m.volume());
    }

    @Test
    void aContainerWithNoMountForPgdataIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> PgdataMount.of(template(List.of(),
                List.of(Map.of("name", "data", "mountPath", "/var/lib/postgresql/database"))), "postgres",
                PgdataMount.IMAGE_DEFAULT));
        assertTrue(e.getMessage().startsWith("container 'postgres' has no volumeMount for PGDATA /var/lib/postgresql/data"
                + " (its mounts: [/var/lib/postgresql/database])"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing was changed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PgdataMount.of(template(
                List.of(Map.of("name", "PGDATA", "valueFrom", Map.of("configMapKeyRef", Map.of("name", "x", "key", "y")))),
                List.of(Map.of("name", "data", "mountPath", "/"))), "postgres", PgdataMount.IMAGE_DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> PgdataMount.of(template(List.of(),
                List.of(Map.of("name", "data", "mountPath", "/var/lib/postgresql/data", "readOnly", true))), "postgres",
                PgdataMount.IMAGE_DEFAULT));
    }
}
