package dev.taskflow.store;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains the store's start-up failures: a database TaskFlow does not support, or its
 * tables missing.
 *
 * @author TaskFlow
 */
class TaskFlowStoreFailureAnalyzer implements FailureAnalyzer {

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnsupportedDatabaseException unsupported) {
				return new FailureAnalysis(unsupported.getMessage(),
						"Point spring.datasource at PostgreSQL, MariaDB 10.6+, MySQL 8+ or H2, or set"
								+ " spring.taskflow.enabled=false",
						unsupported);
			}
			if (cause instanceof TaskFlowSchemaMissingException missing) {
				return new FailureAnalysis(missing.getMessage(),
						"Let TaskFlow create its tables (spring.taskflow.store.initialize-schema=always), or include "
								+ TaskFlowSchemaInitializer.CHANGELOG + " in your own Liquibase changelog",
						missing);
			}
		}
		return null;
	}

}
