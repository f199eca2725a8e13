package dev.taskflow.throttle;

import dev.taskflow.store.ClusterLimit;

/**
 * A cluster-wide limit and the jobs it applies to.
 *
 * @param limit the limit as the store enforces it
 * @param target the jobs it applies to
 * @param reason what kind of limit it is, for logs and metrics
 * @param description how it reads in a log line
 * @author TaskFlow
 */
public record ClusterTarget(ClusterLimit limit, Target target, String reason, String description) {

}
