package dev.taskflow.test.kit;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

import dev.taskflow.testsupport.TestDatabase;

/**
 * What {@link KitDatabase} does: the check before the class, and the properties of its
 * context.
 *
 * @author TaskFlow
 */
final class KitDatabaseSupport {

	private KitDatabaseSupport() {
	}

	/**
	 * Skips (or fails in CI) the class when its database cannot be reached.
	 */
	static final class Answers implements BeforeAllCallback {

		@Override
		public void beforeAll(ExtensionContext context) {
			database(context.getRequiredTestClass()).dataSourceProperties();
		}

	}

	/**
	 * Adds the database's data source properties to the environment of a class with
	 * {@link KitDatabase} (registered in {@code META-INF/spring.factories}).
	 */
	static final class Properties implements ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			TestDatabase database = database(testClass);
			return (database != null) ? new Customizer(database) : null;
		}

	}

	/**
	 * Puts the properties first, and keeps contexts on different databases apart.
	 *
	 * @param database the database
	 */
	record Customizer(TestDatabase database) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> properties = Map.copyOf(this.database.dataSourceProperties());
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("kitDatabase", properties));
		}

	}

	static TestDatabase database(Class<?> testClass) {
		KitDatabase annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, KitDatabase.class);
		return (annotation != null) ? annotation.value() : null;
	}

}
