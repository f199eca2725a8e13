package dev.taskflow;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Thrown when a job is enqueued for a handler name that no
 * {@link TaskHandler @TaskHandler} of this application declares.
 *
 * @author TaskFlow
 */
public class UnknownHandlerException extends IllegalArgumentException {

	private final String handler;

	/**
	 * Create an exception for an unknown handler.
	 * @param handler the name that was asked for
	 * @param knownHandlers the names this node knows
	 */
	public UnknownHandlerException(String handler, Collection<String> knownHandlers) {
		super("No @TaskHandler named '" + handler + "'; known handlers: " + new TreeSet<>(knownHandlers)
				+ ". Check the name, or set spring.taskflow.enqueue.validate-handlers=false"
				+ " if another service runs this handler");
		this.handler = handler;
	}

	/**
	 * The handler name that was not found.
	 * @return the handler name
	 */
	public String getHandler() {
		return this.handler;
	}

}
