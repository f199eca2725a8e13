package dev.taskflow;

/**
 * A workflow that started or reached a final status, as {@link TaskFlowListener}s hear of
 * it.
 *
 * @param id the workflow
 * @param name its name
 * @param status {@link WorkflowStatus#RUNNING} when it started, else its final status
 * @author TaskFlow
 */
public record WorkflowEvent(WorkflowId id, String name, WorkflowStatus status) {

}
