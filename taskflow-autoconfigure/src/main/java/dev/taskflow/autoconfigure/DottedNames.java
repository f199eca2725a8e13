package dev.taskflow.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Binds the entries of a map of named settings whose names hold dots, as written:
 * {@code spring.taskflow.schedules.report.nightly.cron} binds to the map as key
 * {@code report} with an unknown property, so not at all. Each such name is read up to
 * its last element (a property of the entry's type, which has no nested groups), and the
 * entry bound and validated under its full name. Names without dots, and names in
 * brackets, are bound by the map itself.
 *
 * @author TaskFlow
 */
final class DottedNames {

	private DottedNames() {
	}

	/**
	 * Bind the entries whose names hold dots.
	 * @param <T> the type of the entries
	 * @param environment the environment
	 * @param binder the binder
	 * @param root the map's property name, such as {@code spring.taskflow.schedules}
	 * @param type the type of the entries
	 * @return the entries bound, by name, in the order of the property sources
	 */
	static <T> Map<String, T> bind(Environment environment, Binder binder, String root, Class<T> type) {
		Map<String, T> entries = new LinkedHashMap<>();
		ConfigurationPropertyName map = ConfigurationPropertyName.of(root);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(map::isAncestorOf).forEach((property) -> {
					int elements = property.getNumberOfElements();
					if (elements > map.getNumberOfElements() + 2) {
						ConfigurationPropertyName entry = property.chop(elements - 1);
						String name = entry.subName(map.getNumberOfElements()).toString();
						if (!entries.containsKey(name)) {
							binder
								.bind(entry, Bindable.of(type),
										new ValidationBindHandler(TaskFlowPropertiesValidator.INSTANCE))
								.ifBound((bound) -> entries.put(name, bound));
						}
					}
				});
			}
		}
		return entries;
	}

}
