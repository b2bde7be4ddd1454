package dev.runner.local.demo;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's data: a table in old's database, rows before and after the recorded point in time, and the checks
 * after recovery (exactly the rows before the target, none after; passwords copied; apps restarted) and after
 * stop-backup (the original pod template, archiving off). Secret
 * values are compared, never printed.
 */
final class Scenario {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter PG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSx");
    private final KubernetesClient old;
    private final KubernetesClient fresh;
    private final PrintStream out;
    private String target;
    private JsonNode originalTemplate;
    private final List<String> failures = new ArrayList<>();

    Scenario(KubernetesClient old, KubernetesClient fresh, PrintStream out) {
        this.old = old;
        this.fresh = fresh;
        this.out = out;
    }

    /** The starting database of old: one table with 1000 rows. */
    static void seed(KubernetesClient old) throws Exception {
        Pods.psql(old, "create table events(id bigserial primary key, batch text not null, "
                + "at timestamptz not null default clock_timestamp());"
                + "insert into events(batch) select 'initial' from generate_series(1, 1000)");
    }

    void write() throws Exception {
        // pgBackRest records a backup's stop time in whole seconds and needs a time target after it: on a fast
        // machine configure-backup's backup ends less than a second before this point, and the restore would
        // find no backup set ("unable to find backup set with stop time less than ...").
        Thread.sleep(2000);
        Pods.psql(old, "insert into events(batch) select 'before-target' from generate_series(1, 500)");
        target = Pods.psql(old, "select to_char(clock_timestamp() at time zone 'UTC', "
                + "'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
        out.println("    recovery target (time): " + target);
        Thread.sleep(1500);
        Pods.psql(old, "insert into events(batch) select 'after-target' from generate_series(1, 250)");
        // pgbackrest check switches to a new WAL segment and waits until it is in the repository
        String pod = Pods.ready(old, "postgres", Duration.ofMinutes(1)).getMetadata().getName();
        Pods.exec(old, pod, "runner-pg.sh", "check");
        out.println("    old: " + counts(old) + "; WAL archived through the rows after the target");
    }

    /** Records old's postgres pod template, which stop-backup must put back exactly. */
    void rememberTemplate() {
        originalTemplate = template();
    }

    /** After stop-backup: the template is the original again and the running postgres does not archive. */
    void checkStopped() throws Exception {
        check(originalTemplate.equals(template()), "stop-backup: postgres pod template exactly as before");
        check(Pods.psql(old, "show archive_mode").equals("off"), "stop-backup: archiving off in the running postgres");
    }

    private JsonNode template() {
        return JSON.readTree(Serialization.asJson(old.apps().deployments().inNamespace(StartingState.NS).withName("postgres").get()
                .getSpec().getTemplate()));
    }

    String target() {
        return target;
    }

    void summary(Map<String, Duration> times, Path kubeconfig) throws Exception {
        Map<String, String> before = countMap(old);
        Map<String, String> after = countMap(fresh);
        check(after.getOrDefault("initial", "0").equals("1000"), "initial rows recovered");
        check(after.getOrDefault("before-target", "0").equals("500"), "rows before the target recovered");
        check(!after.containsKey("after-target"), "no row written after the target came back");
        String lastRecovered = Pods.psql(fresh, "select to_char(max(at) at time zone 'UTC', "
                + "'YYYY-MM-DD HH24:MI:SS.US') || '+00' from events");
        double gap = Duration.between(OffsetDateTime.parse(lastRecovered, PG_TIME),
                OffsetDateTime.parse(target, PG_TIME)).toMillis() / 1000.0;
        check(same("postgres", "postgres.password"), "postgres.password copied old -> new");
        check(same("auth", "django.sapass"), "django.sapass copied old -> new");
        check(podSees("auth", "DJANGO_SAPASS", secret(old, "auth", "django.sapass")), "auth pod restarted with it");
        check(podSees("data", "POSTGRES_PASSWORD", secret(old, "postgres", "postgres.password")),
                "data pod restarted with it");
        out.println();
        out.println("Summary");
        out.println("  old (source), rows by batch      : " + before);
        out.println("  recovery target (time)           : " + target);
        out.println("  new (recovered), rows by batch   : " + after);
        out.printf("  RPO                              : 0 of %s rows before the target lost; last recovered "
                + "commit %.3f s before the target%n", Integer.parseInt(before.getOrDefault("initial", "0"))
                + Integer.parseInt(before.getOrDefault("before-target", "0")), gap);
        out.println("  time per phase:");
        times.forEach((k, v) -> out.printf("    %-68s %6.1f s%n", k, v.toMillis() / 1000.0));
        out.println("  checks: " + (failures.isEmpty() ? "all passed" : "FAILED: " + String.join("; ", failures)));
        out.println("  kubeconfig: " + kubeconfig + "  (contexts old, new; namespace hasura)");
    }

    boolean verified() {
        return failures.isEmpty();
    }

    private void check(boolean ok, String what) {
        out.println("    " + (ok ? "ok   " : "FAIL ") + what);
        if (!ok) {
            failures.add(what);
        }
    }

    private static String counts(KubernetesClient c) throws Exception {
        return countMap(c).toString();
    }

    private static Map<String, String> countMap(KubernetesClient c) throws Exception {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : Pods.psql(c, "select batch, count(*) from events group by batch order by min(id)")
                .split("\n")) {
            String[] kv = line.split("\\|");
            if (kv.length == 2) {
                m.put(kv[0], kv[1]);
            }
        }
        return m;
    }

    private boolean same(String secret, String key) {
        String a = secret(old, secret, key);
        return a != null && a.equals(secret(fresh, secret, key));
    }

    private static String secret(KubernetesClient c, String name, String key) {
        Secret s = c.secrets().inNamespace(StartingState.NS).withName(name).get();
        String v = s == null || s.getData() == null ? null : s.getData().get(key);
        return v == null ? null : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
    }

    /** Whether the app's Ready pod in new has {@code value} in {@code var} (compared by SHA-256 inside the pod). */
    private boolean podSees(String app, String var, String value) throws Exception {
        String pod = Pods.ready(fresh, app, Duration.ofMinutes(1)).getMetadata().getName();
        String hash = Pods.exec(fresh, pod, "sh", "-c", "printf %s \"$" + var + "\" | sha256sum").split(" ")[0];
        byte[] want = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return hash.equals(HexFormat.of().formatHex(want));
    }
}
