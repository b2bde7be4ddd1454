package dev.runner.local.datapath;

/** A point the source database is restored to, with the rows (count:md5) it had at that point. */
record Target(String name, String type, String value, String snapshot) {
    /** RESTORE_ID for this target's restore request. */
    String restoreId() {
        return "req-" + name;
    }
}
