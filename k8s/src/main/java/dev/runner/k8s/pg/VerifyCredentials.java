package dev.runner.k8s.pg;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.pgbackrest.PasswordCheck;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code verify-credentials}: proves that the password the applications will use (a Secret key) opens the
 * database role it names, by checking it against the role's verifier in {@code pg_authid} read over the pod's
 * local socket. The exec transport takes only argv (no env, no stdin), and argv is visible in the API server's
 * audit log and in the container's process list, so the password is never sent into the pod; the check is
 * the server's own SCRAM/md5 computation, done here.
 */
public final class VerifyCredentials implements KubeAction {
    static final String DEFAULT_SECRET = "postgres";
    static final String DEFAULT_KEY = "postgres.password";
    static final String DEFAULT_USER_KEY = "postgres.user";

    @Override
    public StepPlan plan(Kube k) throws StepException {
        return new StepPlan("check that Secret " + secretName(k) + " key " + key(k) + " is the password of its database"
                + " user in " + RepoSource.forPlan(k).podDescription(), List.of(), false);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        Map<String, String> data = secretData(k, t);
        String password = data.get(key(k));
        if (password == null) {
            throw k.invalid("Secret " + secretName(k) + " in " + t.where() + " has no key " + key(k));
        }
        k.ctx().addSecret(password);
        String user = k.args().str("user").filter(s -> !s.isBlank())
                .orElseGet(() -> data.getOrDefault(k.args().str("userKey").orElse(DEFAULT_USER_KEY), "postgres"));
        PgPod pod = RepoSource.forRun(k).pod(t);
        String row = pod.sql("select coalesce(rolpassword, '') || case when rolcanlogin then '|t' else '|f' end"
                + " || case when rolvaliduntil < now() then '|t' else '|f' end from pg_authid where rolname = '"
                + user.replace("'", "''") + "'", RepoSource.EXEC_TIMEOUT);
        if (row.isEmpty()) {
            throw new StepException("database role " + user + " (from Secret " + secretName(k) + ") does not exist in the"
                    + " recovered database in " + pod.where(), false);
        }
        String[] f = row.split("\\|", -1);
        k.ctx().addSecret(f[0]);
        String where = "Secret " + secretName(k) + " key " + key(k) + " vs role " + user + " in " + pod.where();
        PasswordCheck.Result r = PasswordCheck.check(f[0], user, password);
        switch (r) {
            case MATCH -> { }
            case MISMATCH -> throw new StepException("the password does NOT match: " + where + ". Applications using"
                    + " this Secret cannot log in: copy the right Secret (post-recovery) or ALTER ROLE " + user
                    + " PASSWORD ... in the database", false);
            case NO_PASSWORD -> throw new StepException("role " + user + " has no password (" + where + "): password"
                    + " logins fail", false);
            default -> throw new StepException("role " + user + " has a password format this check does not know ("
                    + where + ")", false);
        }
        // boolean || text gives 'true'/'false' (psql's own display of a boolean column is 't'/'f')
        if (!isTrue(f.length > 1 ? f[1] : "")) {
            throw new StepException("role " + user + " may not log in (rolcanlogin is false): " + where, false);
        }
        if (f.length > 2 && isTrue(f[2])) {
            throw new StepException("the password of role " + user + " has expired (rolvaliduntil): " + where, false);
        }
        return new StepResult(Map.of("user", user), Set.of(), "the password in Secret " + secretName(k) + " opens role "
                + user + " of the recovered database");
    }

    @Override
    public Observation observe(Kube k) {
        return Observation.notDone("a read-only check: it is simply run again");
    }

    private static String secretName(Kube k) {
        return k.args().str("secret").orElse(DEFAULT_SECRET);
    }

    private static String key(Kube k) {
        return k.args().str("key").orElse(DEFAULT_KEY);
    }

    private static Map<String, String> secretData(Kube k, ClusterTarget t) throws StepException, InterruptedException {
        Secret s = k.call("read Secret " + secretName(k), () -> t.client().secrets().inNamespace(t.namespace())
                .withName(secretName(k)).get());
        if (s == null) {
            throw new StepException("Secret " + secretName(k) + " not found in " + t.where(), false);
        }
        Map<String, String> out = new java.util.HashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((key, v) -> out.put(key, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    private static boolean isTrue(String v) {
        return "t".equals(v) || "true".equals(v);
    }
}
