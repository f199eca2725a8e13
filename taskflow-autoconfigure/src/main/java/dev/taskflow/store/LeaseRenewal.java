package dev.taskflow.store;

import java.util.List;
import java.util.UUID;

/**
 * What a renewal of a node's leases found.
 *
 * @param extended the jobs whose leases were extended: those the node still holds
 * @param cancelRequested those of them someone asked to stop
 * @author TaskFlow
 */
public record LeaseRenewal(List<UUID> extended, List<UUID> cancelRequested) {

}
