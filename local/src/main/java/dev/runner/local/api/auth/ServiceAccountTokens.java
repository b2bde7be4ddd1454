package dev.runner.local.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bound service account tokens: JWTs with the claims a real API server puts in them (iss, sub
 * {@code system:serviceaccount:NS:NAME}, aud, exp, iat, nbf and the {@code kubernetes.io} claim naming the namespace,
 * the ServiceAccount and the Pod with their uids; https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-tokens).
 * Signed with a key of this server (HS256 here; a real server signs with RS256/ES256 and publishes its keys, which
 * clients never check).
 */
public final class ServiceAccountTokens {
    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** What a valid token says. {@code podName}/{@code podUid} are empty for a token not bound to a pod. */
    public record Claims(String namespace, String serviceAccount, String serviceAccountUid, String podName,
            String podUid, Instant expires) {}

    private final byte[] key = new byte[32];

    public ServiceAccountTokens() {
        new SecureRandom().nextBytes(key);
    }

    public String issue(Claims c, List<String> audiences) {
        Instant now = Instant.now();
        Map<String, Object> sa = new LinkedHashMap<>();
        sa.put("name", c.serviceAccount());
        sa.put("uid", c.serviceAccountUid());
        Map<String, Object> k8s = new LinkedHashMap<>();
        k8s.put("namespace", c.namespace());
        if (!c.podName().isEmpty()) {
            Map<String, Object> pod = new LinkedHashMap<>();
            pod.put("name", c.podName());
            pod.put("uid", c.podUid());
            k8s.put("pod", pod);
        }
        k8s.put("serviceaccount", sa);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audiences.isEmpty() ? List.of(ISSUER) : audiences);
        claims.put("exp", c.expires().getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", ISSUER);
        claims.put("kubernetes.io", k8s);
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", UserInfo.serviceAccountName(c.namespace(), c.serviceAccount()));
        String signed = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
        return signed + "." + B64.encodeToString(sign(signed));
    }

    /** The claims of a token this server signed and that has not expired, else null. */
    public Claims verify(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
                return null;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong(0));
            if (!exp.isAfter(Instant.now()) || !ISSUER.equals(claims.path("iss").asString(""))) {
                return null;
            }
            JsonNode k8s = claims.path("kubernetes.io");
            return new Claims(k8s.path("namespace").asString(""), k8s.path("serviceaccount").path("name").asString(""),
                    k8s.path("serviceaccount").path("uid").asString(""), k8s.path("pod").path("name").asString(""),
                    k8s.path("pod").path("uid").asString(""), exp);
        } catch (RuntimeException e) {
            return null; // not base64 / not JSON: not one of ours
        }
    }

    private byte[] sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
