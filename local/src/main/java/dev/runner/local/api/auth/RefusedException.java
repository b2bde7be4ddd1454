package dev.runner.local.api.auth;

/** A request refused by one of the auth stages, carrying the response the client is sent. */
public final class RefusedException extends Exception {
    private final transient Refusal refusal;

    RefusedException(Refusal refusal) {
        super(refusal.body());
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
