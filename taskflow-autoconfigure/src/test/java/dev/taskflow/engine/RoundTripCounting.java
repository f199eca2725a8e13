package dev.taskflow.engine;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Configuration of a node whose round trips to its database are counted: its
 * {@link DataSource} goes through a {@link RoundTripCounter}, the real database behind
 * it. Also the handler that fails its first attempt and succeeds on its second.
 *
 * @author TaskFlow
 */
class RoundTripCounting {

	/**
	 * The handler whose first attempt fails and whose second succeeds.
	 */
	static final String FAIL_ONCE = "budget.fail-once";

	@Bean
	static CountingPostProcessor roundTripCountingPostProcessor() {
		return new CountingPostProcessor();
	}

	@TaskHandler(FAIL_ONCE)
	void failOnce(TaskContext context) {
		if (context.attempt() == 1) {
			throw new IllegalStateException("first attempt fails");
		}
	}

	/**
	 * Wraps the node's data source in the counter.
	 */
	static final class CountingPostProcessor implements BeanPostProcessor {

		private final RoundTripCounter counter = new RoundTripCounter();

		RoundTripCounter counter() {
			return this.counter;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			return (bean instanceof DataSource dataSource) ? this.counter.wrap(dataSource) : bean;
		}

	}

}
