package dev.taskflow.test;

import java.time.ZoneId;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowClock;
import dev.taskflow.autoconfigure.TaskFlowAutoConfiguration;
import dev.taskflow.autoconfigure.TaskFlowStoreAutoConfiguration;
import dev.taskflow.client.DefaultTaskFlow;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.schedule.ScheduleNode;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.SqlDialect;
import dev.taskflow.store.TestClockTable;
import dev.taskflow.store.TestTables;

/**
 * The test kit's configuration, imported by {@link AutoConfigureTaskFlowTester}: a store
 * that reads the tester's clock, that clock for schedules and statistics, the worker node
 * kept stopped in the manual and inline modes, and the {@link TaskFlowTester}.
 *
 * @author TaskFlow
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		before = { TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "spring.taskflow.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TaskFlowTestProperties.class)
public final class TaskFlowTesterAutoConfiguration {

	// the tester's clock is no bean of its own: a java.time.Clock bean would meet (or
	// replace) one the application injects. Primary: an application's own TaskFlowClock
	// would make schedules disagree with the store's clock
	@Bean
	@Primary
	TaskFlowClock taskFlowTesterTaskFlowClock(TaskFlowTestProperties properties) {
		return TaskFlowClock
			.of(new TesterClock(properties.getMode() != TaskFlowTester.Mode.REAL, ZoneId.systemDefault()));
	}

	private static TesterClock testerClock(TaskFlowClock taskFlowClock) {
		return (TesterClock) taskFlowClock.getClock();
	}

	@Bean
	TestClockTable taskFlowTestClockTable(DataSource dataSource, TaskFlowClock taskFlowClock) {
		TesterClock clock = testerClock(taskFlowClock);
		TestClockTable table = new TestClockTable(dataSource, SqlDialect.of(dataSource));
		table.create(clock.frozenAt());
		// a table another test context left: this context's clock from now on
		table.set(clock.frozenAt(), clock.offset());
		return table;
	}

	// the store of TaskFlowStoreAutoConfiguration, on a dialect that reads the clock
	// table for "now"
	@Bean
	@DependsOnDatabaseInitialization
	JobStore taskFlowTestJobStore(DataSource dataSource, TestClockTable clockTable) {
		JobStore store = new JobStore(dataSource, SqlDialect.of(dataSource).useTestClock());
		store.verifySchema();
		return store;
	}

	// static: post-processors are made before other beans
	@Bean
	static BeanPostProcessor taskFlowTesterNodes(Environment environment) {
		TaskFlowTester.Mode mode = Binder.get(environment)
			.bind("spring.taskflow.test.mode", TaskFlowTester.Mode.class)
			.orElse(TaskFlowTester.Mode.MANUAL);
		boolean real = mode == TaskFlowTester.Mode.REAL;
		boolean slice = environment.getProperty(TaskFlowTesterContextCustomizerFactory.Defaults.SLICE, Boolean.class,
				false);
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof WorkerNode node) {
					node.setAutoStartup(real);
				}
				else if (bean instanceof ScheduleNode node) {
					node.setFireInBackground(real);
					node.setSkipSchedulesOfMissingHandlers(slice);
				}
				return bean;
			}

		};
	}

	@Bean
	TaskFlowTester taskFlowTester(TaskFlowTestProperties properties, TaskFlow taskFlow,
			ObjectProvider<WorkerNode> workerNode, ScheduleNode scheduleNode, TaskFlowClock taskFlowClock,
			TestClockTable clockTable, DataSource dataSource) {
		DefaultTaskFlowTester tester = new DefaultTaskFlowTester(properties.getMode(), taskFlow,
				workerNode.getIfAvailable(), scheduleNode, testerClock(taskFlowClock), clockTable,
				new TestTables(dataSource));
		if (properties.getMode() == TaskFlowTester.Mode.INLINE) {
			if (!(taskFlow instanceof DefaultTaskFlow client)) {
				throw new IllegalStateException("The INLINE mode runs jobs as TaskFlow's own client enqueues them,"
						+ " but the application's TaskFlow bean is a " + taskFlow.getClass().getName()
						+ ": use MANUAL mode, or remove that bean in tests");
			}
			client.setAfterEnqueue(tester::runInline);
		}
		if (properties.isClearAfterEach()) {
			// a database the test shares with earlier runs starts empty too
			tester.clearBeforeStart();
		}
		return tester;
	}

}
