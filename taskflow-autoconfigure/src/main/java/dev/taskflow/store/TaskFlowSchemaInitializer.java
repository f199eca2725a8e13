package dev.taskflow.store;

import javax.sql.DataSource;

import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.ResourceLoader;

/**
 * Applies TaskFlow's Liquibase changelog with its own change-log and lock tables. Not a
 * {@link SpringLiquibase} bean: that would make Spring Boot's Liquibase
 * auto-configuration back off and leave the application's own changelog unapplied.
 *
 * @author TaskFlow
 */
public class TaskFlowSchemaInitializer implements InitializingBean {

	/**
	 * The location of TaskFlow's changelog, for applications that include it in their
	 * own.
	 */
	public static final String CHANGELOG = "classpath:db/changelog/taskflow/db.changelog-taskflow.xml";

	private static final Log logger = LogFactory.getLog(TaskFlowSchemaInitializer.class);

	private final DataSource dataSource;

	private final ResourceLoader resourceLoader;

	private final DatabaseInitializationMode mode;

	/**
	 * Create an initializer.
	 * @param dataSource the data source holding TaskFlow's tables
	 * @param resourceLoader the loader of the changelog
	 * @param mode when to initialize
	 */
	public TaskFlowSchemaInitializer(DataSource dataSource, ResourceLoader resourceLoader,
			DatabaseInitializationMode mode) {
		this.dataSource = dataSource;
		this.resourceLoader = resourceLoader;
		this.mode = mode;
	}

	@Override
	public void afterPropertiesSet() throws LiquibaseException {
		if (this.mode == DatabaseInitializationMode.NEVER || (this.mode == DatabaseInitializationMode.EMBEDDED
				&& !EmbeddedDatabaseConnection.isEmbedded(this.dataSource))) {
			logger.debug("TaskFlow schema initialization skipped (spring.taskflow.store.initialize-schema=" + this.mode
					+ ")");
			return;
		}
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(this.dataSource);
		liquibase.setResourceLoader(this.resourceLoader);
		liquibase.setChangeLog(CHANGELOG);
		liquibase.setDatabaseChangeLogTable("taskflow_databasechangelog");
		liquibase.setDatabaseChangeLogLockTable("taskflow_databasechangeloglock");
		liquibase.setAnalyticsEnabled(false);
		liquibase.setBeanName("taskflowSchemaInitializer");
		liquibase.afterPropertiesSet();
		logger.debug("TaskFlow schema is up to date");
	}

}
