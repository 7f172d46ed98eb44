package dev.timeos.rule;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * One change of a rule, as its history keeps it.
 *
 * @param by     who: the authenticated caller, {@code anonymous}, or {@code code} / {@code file} for reloads
 * @param change {@code create}, {@code patch}, {@code enable}, {@code disable}, {@code delete} or {@code reload}
 * @param before the rule as the API wrote it before the change; null for a create
 * @param after  the rule after it; null for a delete
 */
public record RuleChange(Instant at, String by, String change, JsonObject before, JsonObject after) {

    public static final String CREATE = "create";
    public static final String PATCH = "patch";
    public static final String ENABLE = "enable";
    public static final String DISABLE = "disable";
    public static final String DELETE = "delete";
    public static final String RELOAD = "reload";

    /** The author of changes made by a reload of code rules. */
    public static final String BY_CODE = "code";
    /** The author of changes made by a reload of the rules file. */
    public static final String BY_FILE = "file";
    /** The author of a change whose caller is not authenticated. */
    public static final String ANONYMOUS = "anonymous";
}
