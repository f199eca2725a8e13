package dev.taskflow.autoconfigure;

import java.util.Set;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds {@code spring.taskflow.queues.<name>.threads=4}, a fixed number of threads (text
 * in a properties file, a number in YAML), to the same object as {@code threads.min} and
 * {@code threads.max}; it converts to TaskFlow's own type only, so no other property of
 * the application binds differently.
 *
 * @author TaskFlow
 */
final class QueueThreadsConverter implements GenericConverter {

	@Override
	public Set<ConvertiblePair> getConvertibleTypes() {
		return Set.of(new ConvertiblePair(String.class, TaskFlowProperties.QueueThreads.class),
				new ConvertiblePair(Number.class, TaskFlowProperties.QueueThreads.class));
	}

	@Override
	public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
		if (source == null) {
			return null;
		}
		String text = source.toString().trim();
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
