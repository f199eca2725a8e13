package dev.taskflow.test;

/**
 * A checked exception a handler threw in {@link TaskFlowTester.Mode#INLINE inline} mode,
 * on its way to the caller of the enqueue; runtime exceptions and errors reach it as they
 * were thrown.
 *
 * @author TaskFlow
 */
public class InlineJobFailedException extends RuntimeException {

	/**
	 * Create an exception for what a handler threw.
	 * @param cause what it threw
	 */
	public InlineJobFailedException(Throwable cause) {
		super("A job run inline failed: " + cause, cause);
	}

	// runtime exceptions and errors as they are; checked ones wrapped
	static RuntimeException rethrow(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		throw new InlineJobFailedException(failure);
	}

}
