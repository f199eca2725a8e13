package dev.taskflow.test;

import java.util.HashMap;
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
 * where it left them, and no {@code taskflow.retention} job runs among its own; and a
 * {@link TaskFlowTest} slice leaves out the declared schedules whose handler it does not
 * hold, rather than fail to start.
 *
 * @author TaskFlow
 */
class TaskFlowTesterContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean tester = TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureTaskFlowTester.class);
		if (!tester) {
			return null;
		}
		return new Defaults(TestContextAnnotationUtils.hasAnnotation(testClass, TaskFlowTest.class));
	}

	/**
	 * Adds the defaults as the last property source.
	 */
	static final class Defaults implements ContextCustomizer {

		/**
		 * Set for a {@link TaskFlowTest}: the slice leaves out the declared schedules of
		 * the handlers it does not hold.
		 */
		static final String SLICE = "dev.taskflow.test.slice";

		private final boolean slice;

		Defaults(boolean slice) {
			this.slice = slice;
		}

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> properties = new HashMap<>();
			properties.put("spring.taskflow.retention.enabled", "false");
			if (this.slice) {
				properties.put(SLICE, "true");
			}
			context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("taskflowTestKitDefaults", properties));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Defaults defaults && defaults.slice == this.slice;
		}

		@Override
		public int hashCode() {
			return Boolean.hashCode(this.slice);
		}

	}

}
