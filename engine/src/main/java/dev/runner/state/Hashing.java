package dev.runner.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Fingerprints that let resume notice a changed workflow file or changed params. */
public final class Hashing {
    private static final int ITERATIONS = 1_000; // ~25 ms on a slow CPU: every run and resume pays it once

    private Hashing() {
    }

    public static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newSalt() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * A salted, slow hash over all param values, secrets included: it tells whether a secret changed
     * without storing anything a weak secret could be cheaply guessed back from.
     */
    public static String paramsHash(Map<String, String> values, String salt) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> sb.append(k.length()).append(':').append(k)
                .append(v.length()).append(':').append(v));
        try {
            PBEKeySpec spec = new PBEKeySpec(sb.toString().toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
                    ITERATIONS, 256);
            byte[] h = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return HexFormat.of().formatHex(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
