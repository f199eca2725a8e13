package dev.taskflow.benchmarks.peers;

/**
 * The job JobRunr runs: nothing. Public, as JobRunr finds the job's class and method by
 * name and calls it by reflection.
 *
 * @author TaskFlow
 */
public final class NoopJob {

	private NoopJob() {
	}

	/**
	 * Does nothing.
	 */
	public static void run() {
	}

}
