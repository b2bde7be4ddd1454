package dev.runner.local.api.auth;

/** An authorizer's answer: allowed or not, with the reason a SubjectAccessReview reports. */
public record Decision(boolean allowed, String reason) {
    static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
