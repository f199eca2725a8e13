package dev.taskflow.statistics;

import org.springframework.context.ApplicationContext;

/**
 * Test access to a node's {@link StatisticsRecorder}: write its closed minutes now, on
 * its writer thread, rather than wait up to {@link StatisticsRecorder#WRITE_INTERVAL} for
 * it to wake.
 *
 * @author TaskFlow
 */
public final class StatisticsTesting {

	private StatisticsTesting() {
	}

	/**
	 * Write the node's closed minutes now, and wait until it is done.
	 * @param context the node's context
	 */
	public static void writeClosedMinutes(ApplicationContext context) {
		context.getBean(StatisticsRecorder.class).writeNow();
	}

	/**
	 * The rows the node has taken out of its counts and not written yet.
	 * @param context the node's context
	 * @return the number of rows
	 */
	public static int pendingRows(ApplicationContext context) {
		return context.getBean(StatisticsRecorder.class).pendingRows();
	}

}
