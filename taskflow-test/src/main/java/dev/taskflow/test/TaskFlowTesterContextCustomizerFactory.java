package dev.taskflow.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Defaults of the test kit, for tests with {@link AutoConfigureTaskFlowTester} (or
 * {@link TaskFlowTest}) only, below every property the application or the test sets:
 * retention is off, so that a test that moves the clock by days finds its finished jobs
 * where it left them, and no {@code taskflow.retention} job runs among its own.
 *
 * @author TaskFlow
 */
class TaskFlowTesterContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean tester = TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureTaskFlowTester.class);
		return tester ? new Defaults() : null;
	}

	/**
	 * Adds the defaults as the last property source.
	 */
	static final class Defaults implements ContextCustomizer {

		static final Map<String, Object> PROPERTIES = Map.of("spring.taskflow.retention.enabled", "false");

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("taskflowTestKitDefaults", PROPERTIES));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Defaults;
		}

		@Override
		public int hashCode() {
			return Defaults.class.hashCode();
		}

	}

}
