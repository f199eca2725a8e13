package dev.taskflow.store;

/**
 * What a cluster-wide limit allows at the moment of a claim.
 *
 * @param available the jobs it lets start now
 * @param microsUntilNext for a rate limit with no permit left, how long until the next
 * one frees; otherwise 0
 * @author TaskFlow
 */
public record ClusterLimitState(int available, long microsUntilNext) {

}
