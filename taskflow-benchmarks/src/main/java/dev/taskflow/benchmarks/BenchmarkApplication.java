package dev.taskflow.benchmarks;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The application a benchmark node runs: one no-op handler.
 *
 * @author TaskFlow
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	static final String NOOP = "bench.noop";

	@Bean
	NoopHandler noopHandler() {
		return new NoopHandler();
	}

	/**
	 * The no-op handler; counts its runs.
	 */
	public static class NoopHandler {

		static final AtomicLong runs = new AtomicLong();

		/**
		 * When each job started ({@link System#nanoTime()}), while a scenario watches.
		 */
		static volatile Map<UUID, Long> starts;

		@TaskHandler(NOOP)
		void run(TaskContext context) {
			runs.incrementAndGet();
			Map<UUID, Long> starts = NoopHandler.starts;
			if (starts != null) {
				starts.put(context.jobId().value(), System.nanoTime());
			}
		}

	}

	/**
	 * Counts every statement the node sends, for idle_cost.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bench.count-statements")
	static class StatementCounting {

		@Bean
		static StatementCounter statementCounter() {
			return new StatementCounter();
		}

		@Bean
		static BeanPostProcessor countingDataSource(StatementCounter counter) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof DataSource dataSource
							&& !(bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource)) {
						return ProxyDataSourceBuilder.create(dataSource).listener(counter).build();
					}
					return bean;
				}

			};
		}

	}

}
