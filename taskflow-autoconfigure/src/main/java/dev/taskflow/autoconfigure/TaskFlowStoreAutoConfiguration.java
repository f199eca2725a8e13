package dev.taskflow.autoconfigure;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.store.JobStore;
import dev.taskflow.store.SqlDialect;
import dev.taskflow.store.TaskFlowSchemaInitializer;
import liquibase.integration.spring.SpringLiquibase;

/**
 * Auto-configuration of TaskFlow's job store and schema on the application's
 * {@link DataSource}.
 *
 * @author TaskFlow
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ JdbcTemplate.class, SpringLiquibase.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "spring.taskflow.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TaskFlowProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class TaskFlowStoreAutoConfiguration {

	// "keep" as a retention period, for TaskFlow's properties only (KeepOrDuration);
	// static: properties are bound before this configuration is created
	@Bean
	@ConfigurationPropertiesBinding
	static KeepOrDurationConverter taskFlowKeepOrDurationConverter() {
		return new KeepOrDurationConverter();
	}

	// spring.taskflow.queues.<name>.threads=4 beside threads.min and threads.max
	@Bean
	@ConfigurationPropertiesBinding
	static QueueThreadsConverter taskFlowQueueThreadsConverter() {
		return new QueueThreadsConverter();
	}

	@Bean
	@ConditionalOnMissingBean
	TaskFlowSchemaInitializer taskFlowSchemaInitializer(DataSource dataSource, ResourceLoader resourceLoader,
			TaskFlowProperties properties) {
		return new TaskFlowSchemaInitializer(dataSource, resourceLoader, properties.getStore().getInitializeSchema());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	JobStore taskFlowJobStore(DataSource dataSource) {
		JobStore store = new JobStore(dataSource, SqlDialect.of(dataSource));
		store.verifySchema();
		return store;
	}

}
