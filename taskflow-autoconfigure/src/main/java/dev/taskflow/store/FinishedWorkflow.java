package dev.taskflow.store;

import java.util.UUID;

/**
 * A workflow that reached a final status in a transaction of the store.
 *
 * @param id the workflow
 * @param name its name
 * @param status its final status
 * @author TaskFlow
 */
public record FinishedWorkflow(UUID id, String name, String status) {

}
