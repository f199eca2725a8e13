package dev.taskflow.store;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link TaskFlowSchemaInitializer} initializes the database, so
 * beans that depend on database initialization (JPA, {@code JdbcTemplate} users) wait for
 * it.
 *
 * @author TaskFlow
 */
class TaskFlowSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(TaskFlowSchemaInitializer.class);
	}

}
