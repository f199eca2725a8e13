package dev.taskflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The application a benchmark node runs: a no-op handler, a handler that spawns no-op
 * jobs into its workflow step, a long job that works through units, and a job that
 * sleeps.
 *
 * @author TaskFlow
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	static final String NOOP = "bench.noop";

	static final String SPAWN = "bench.spawn";

	static final String UNITS = "bench.units";

	static final String SLEEP = "bench.sleep";

	@Bean
	NoopHandler noopHandler() {
		return new NoopHandler();
	}

	@Bean
	SpawnHandler spawnHandler() {
		return new SpawnHandler();
	}

	@Bean
	UnitsHandler unitsHandler() {
		return new UnitsHandler();
	}

	@Bean
	SleepHandler sleepHandler() {
		return new SleepHandler();
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
	 * The first step of the workflow benchmark's fan-out: spawns as many no-op jobs as
	 * its payload says, and does nothing else.
	 */
	public static class SpawnHandler {

		@TaskHandler(SPAWN)
		void spawn(int count, TaskContext context) {
			List<JobRequest> requests = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				requests.add(JobRequest.of(NOOP));
			}
			context.spawn(requests);
		}

	}

	/**
	 * The long job of {@code long_running}: sleeps for each of its units, and reports its
	 * progress, saves a cursor or runs units as steps as its payload says.
	 */
	public static class UnitsHandler {

		/** The units a job of {@link UnitsMode#STEPS} runs as steps, the first ones. */
		static final int STEPS = 3;

		static final AtomicLong runs = new AtomicLong();

		@TaskHandler(UNITS)
		void run(UnitsJob job, TaskContext context) throws Exception {
			for (int unit = 0; unit < job.units(); unit++) {
				if (job.mode() == UnitsMode.STEPS && unit < STEPS) {
					int done = unit;
					context.step("s" + unit, () -> {
						Thread.sleep(job.unitMillis());
						return done;
					});
				}
				else {
					Thread.sleep(job.unitMillis());
				}
				if (job.mode() == UnitsMode.PROGRESS || job.mode() == UnitsMode.PROGRESS_CHECKPOINT) {
					context.progress(unit + 1, job.units());
				}
				if (job.mode() == UnitsMode.PROGRESS_CHECKPOINT) {
					context.saveCheckpoint(unit + 1);
				}
			}
			runs.incrementAndGet();
		}

	}

	/**
	 * The job of {@code autoscaling}: sleeps for as many milliseconds as its payload says
	 * (I/O-bound work, which more threads speed up on any number of cores); keeps when
	 * the first run started and the last ended ({@link System#nanoTime()}).
	 */
	public static class SleepHandler {

		static final AtomicLong runs = new AtomicLong();

		static final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);

		static final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

		static void reset() {
			runs.set(0);
			firstStart.set(Long.MAX_VALUE);
			lastEnd.set(Long.MIN_VALUE);
		}

		@TaskHandler(SLEEP)
		void run(int millis) throws InterruptedException {
			firstStart.accumulateAndGet(System.nanoTime(), Math::min);
			Thread.sleep(millis);
			lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
			runs.incrementAndGet();
		}

	}

	/**
	 * The payload of a {@link #UNITS} job.
	 *
	 * @param units how many units it works through
	 * @param unitMillis how long each takes
	 * @param mode what it reports
	 */
	record UnitsJob(int units, int unitMillis, UnitsMode mode) {

	}

	/**
	 * What a {@link #UNITS} job does beside sleeping, after each unit.
	 */
	enum UnitsMode {

		/** Nothing. */
		PLAIN("plain"),

		/** {@code context.progress(unit + 1, units)}. */
		PROGRESS("progress"),

		/** The progress, and {@code context.saveCheckpoint(unit + 1)}. */
		PROGRESS_CHECKPOINT("progress+checkpoint"),

		/** Runs its first {@value UnitsHandler#STEPS} units in {@code context.step}. */
		STEPS("steps (" + UnitsHandler.STEPS + " per job)");

		private final String label;

		UnitsMode(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

	/**
	 * Counts every statement the node sends, for idle_cost and the statements per job.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bench.count-statements")
	static class StatementCounting {

		// created early, for the post-processor below, and so not post-processed itself
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static StatementCounter statementCounter() {
			return new StatementCounter();
		}

		// counts from the start of the node's life cycle, before its workers start: the
		// schema check and the set-up of the beans are not what a job costs
		@Bean
		SmartLifecycle statementCounterReset(StatementCounter counter) {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					counter.reset();
					this.running = true;
				}

				@Override
				public void stop() {
					this.running = false;
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return Integer.MIN_VALUE;
				}

			};
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
