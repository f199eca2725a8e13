package dev.taskflow.autoconfigure;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@code spring.taskflow.queues.<name>.threads=4}, a fixed number of threads, to
 * the same object as {@code threads.min} and {@code threads.max}; it converts to
 * TaskFlow's own type only, so no other property of the application binds differently.
 *
 * @author TaskFlow
 */
final class QueueThreadsConverter implements Converter<String, TaskFlowProperties.QueueThreads> {

	@Override
	public TaskFlowProperties.QueueThreads convert(String source) {
		String text = source.trim();
		if (text.isEmpty()) {
			return null;
		}
		try {
			int threads = Integer.parseInt(text);
			return new TaskFlowProperties.QueueThreads(threads, threads);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a number of threads: write threads=4, or"
					+ " threads.min=1 and threads.max=20 for a pool that scales");
		}
	}

}
