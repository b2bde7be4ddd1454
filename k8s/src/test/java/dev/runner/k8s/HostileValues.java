package dev.runner.k8s;

import java.util.ArrayList;
import java.util.List;

/**
 * Secret values as users really type them (passphrases, keys, key files): every one was mangled or refused when
 * templates were filled in as YAML text. Shared by the tests that follow a value from a param to the Secret and
 * into the container's environment.
 */
public final class HostileValues {
    private HostileValues() {
    }

    /** Values a passphrase, key or key file may really hold; each was mangled or refused by text templating. */
    public static List<String> all() {
        List<String> v = new ArrayList<>(List.of(
                "ab\\tcd", // backslash-t typed by a user: 6 characters, not a TAB
                "x\\ny",
                "back\\\\slash\\",
                "say \"hi\" \\s",
                "it's 'quoted'",
                "a # not a comment",
                "key: value",
                "${vars.namespace} ${HOME} $${vars.cipherPass}",
                "  leading and trailing spaces  ",
                "real\ttab and\nreal newline\n",
                "pässwörd-日本語-🔑",
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
                "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nAA==\\n-----END"
                        + " PRIVATE KEY-----\\n\",\n  \"client_email\": \"x@y.iam.gserviceaccount.com\"\n}\n",
                "- [a, b]\n? c\n: d\n&anchor *alias !tag |",
                "a line that looks like an empty setting:\nPGBACKREST_REPO1_S3_KEY=\n"));
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 4096; i++) {
            big.append("line ").append(i).append(": \"text\" \\ # ${x}\n");
        }
        v.add(big.toString());
        return v;
    }
}
