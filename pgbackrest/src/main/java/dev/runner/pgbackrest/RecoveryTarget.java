package dev.runner.pgbackrest;

import java.time.Instant;

/**
 * A parsed recovery target. Exactly the field of its kind is set: {@code time} for TIME, {@code lsn} for LSN,
 * {@code xid} for XID, {@code name} for NAME; LATEST has none.
 */
public record RecoveryTarget(Kind kind, Instant time, Lsn lsn, Long xid, String name) {

    public enum Kind { LATEST, TIME, LSN, XID, NAME }

    public static RecoveryTarget latest() {
        return new RecoveryTarget(Kind.LATEST, null, null, null, null);
    }

    /** The value to hand to pgBackRest's {@code --target} (times in UTC); empty for LATEST. */
    public String value() {
        return switch (kind) {
            case LATEST -> "";
            case TIME -> Times.utc(time);
            case LSN -> lsn.toString();
            case XID -> Long.toString(xid);
            case NAME -> name;
        };
    }

    /** pgBackRest's {@code --type}: {@code default} replays all WAL. */
    public String pgbackrestType() {
        return kind == Kind.LATEST ? "default" : kind.name().toLowerCase();
    }

    @Override
    public String toString() {
        return kind == Kind.LATEST ? "latest" : kind.name().toLowerCase() + " " + value();
    }
}
