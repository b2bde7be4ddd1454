package dev.runner.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.pgbackrest.PasswordCheck.Result;
import org.junit.jupiter.api.Test;

/** Verifiers made by a real PostgreSQL 15 (CREATE ROLE ... PASSWORD, then pg_authid.rolpassword). */
class PasswordCheckTest {
    static final String SCRAM_PW = "SCRAM-SHA-256$4096:oG5qsbz4M2E555jLtOu89Q==$7nFsHk3vaG0ICvoq+L0kGsdatr9ao0XowsmMDczrrZ0="
            + ":NTpT8nL+7v3Gy618+WrhlQkgPTA8hWwVyOr9deEL2xs=";
    static final String SCRAM_UMLAUT = "SCRAM-SHA-256$4096:jA7PRcATq2NOrB/iu4aoEQ==$OfZ1r9D4VriveML+RtnVVVvNhOXoNEmrJd5j0DsU2bs="
            + ":xmi5vN5LWrYu7c/vvvQYUs25PE2k+GobYGfG7FWsMAY=";
    static final String MD5_APP = "md55afb2fb5ee1832419a8c0fa45bc3255b";

    @Test
    void scramVerifiers() {
        assertEquals(Result.MATCH, PasswordCheck.check(SCRAM_PW, "postgres", "pw"));
        assertEquals(Result.MISMATCH, PasswordCheck.check(SCRAM_PW, "postgres", "pw "));
        assertEquals(Result.MATCH, PasswordCheck.check(SCRAM_UMLAUT, "u2", "pässwörd"));
        assertEquals(Result.MISMATCH, PasswordCheck.check(SCRAM_UMLAUT, "u2", "passwort"));
    }

    @Test
    void md5AndOddVerifiers() {
        assertEquals(Result.MATCH, PasswordCheck.check(MD5_APP, "app", "app-secret"));
        assertEquals(Result.MISMATCH, PasswordCheck.check(MD5_APP, "other", "app-secret"), "md5 is salted with the user");
        assertEquals(Result.NO_PASSWORD, PasswordCheck.check("", "app", "x"));
        assertEquals(Result.NO_PASSWORD, PasswordCheck.check(null, "app", "x"));
        assertEquals(Result.UNKNOWN_FORMAT, PasswordCheck.check("SCRAM-SHA-256$x", "app", "x"));
    }
}
