package dev.runner.pgbackrest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a password against a role's stored verifier ({@code pg_authid.rolpassword}) exactly as the server does
 * at login: SCRAM-SHA-256 (StoredKey = SHA-256(HMAC(PBKDF2(password, salt, iterations), "Client Key"))) or the
 * old {@code md5(password || user)}. The password never leaves this process.
 */
public final class PasswordCheck {
    public enum Result { MATCH, MISMATCH, NO_PASSWORD, UNKNOWN_FORMAT }

    private PasswordCheck() {
    }

    public static Result check(String verifier, String user, String password) {
        if (verifier == null || verifier.isEmpty()) {
            return Result.NO_PASSWORD;
        }
        if (verifier.startsWith("SCRAM-SHA-256$")) {
            return scram(verifier, password);
        }
        if (verifier.startsWith("md5") && verifier.length() == 35) {
            return equal(verifier, "md5" + hex(digest("MD5", (password + user).getBytes(StandardCharsets.UTF_8))));
        }
        return Result.UNKNOWN_FORMAT;
    }

    /** {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, all base64. */
    private static Result scram(String verifier, String password) {
        String[] parts = verifier.substring("SCRAM-SHA-256$".length()).split("[$:]");
        if (parts.length != 4) {
            return Result.UNKNOWN_FORMAT;
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] stored = Base64.getDecoder().decode(parts[2]);
            PBEKeySpec spec = new PBEKeySpec(prepare(password).toCharArray(), salt, iterations, 256);
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salted, "HmacSHA256"));
            byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(stored, digest("SHA-256", clientKey)) ? Result.MATCH : Result.MISMATCH;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Result.UNKNOWN_FORMAT;
        }
    }

    /**
     * PostgreSQL applies SASLprep to the password; for ASCII that is the identity, otherwise mostly NFKC
     * (PBKDF2 in the JDK encodes the chars as UTF-8, like the server).
     */
    private static String prepare(String password) {
        return password.chars().allMatch(c -> c < 128) ? password : Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    private static Result equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))
                ? Result.MATCH : Result.MISMATCH;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
