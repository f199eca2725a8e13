package dev.taskflow.store;

/**
 * Thrown at start-up when TaskFlow's tables do not exist and TaskFlow was told not to
 * create them.
 *
 * @author TaskFlow
 */
public class TaskFlowSchemaMissingException extends IllegalStateException {

	TaskFlowSchemaMissingException(Throwable cause) {
		super("TaskFlow's table taskflow_job does not exist in the application's database", cause);
	}

}
