package dev.taskflow.autoconfigure;

import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finds TaskFlow's failure analyzers as Spring Boot does, through
 * {@code META-INF/spring.factories}, so a test also proves they are registered.
 *
 * @author TaskFlow
 */
final class RegisteredFailureAnalyzers {

	private RegisteredFailureAnalyzers() {
	}

	/**
	 * The registered failure analyzer of a class.
	 * @param className the analyzer's class name
	 * @return the analyzer
	 */
	static FailureAnalyzer named(String className) {
		ClassLoader classLoader = RegisteredFailureAnalyzers.class.getClassLoader();
		// Boot's own analyzers need constructor arguments these tests do not give: skip
		// them
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(classLoader)
			.load(FailureAnalyzer.class, null, FailureHandler.handleMessage((message, ex) -> {
			}));
		FailureAnalyzer registered = analyzers.stream()
			.filter((analyzer) -> analyzer.getClass().getName().equals(className))
			.findFirst()
			.orElse(null);
		assertThat(registered).as("%s registered in META-INF/spring.factories", className).isNotNull();
		return registered;
	}

}
