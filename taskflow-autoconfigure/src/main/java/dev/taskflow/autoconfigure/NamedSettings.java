package dev.taskflow.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Binds an entry of one of TaskFlow's maps of named settings ({@code handlers},
 * {@code schedules}, the retention's {@code queues} and {@code handlers}) whose name may
 * hold dots. Such a name can be written as is,
 * {@code spring.taskflow.handlers.email.send.timeout}, or in brackets,
 * {@code spring.taskflow.handlers[email.send].timeout}; Boot's map binding reads only the
 * second (the first binds as the key {@code email} with an unknown property, so not at
 * all).
 * <p>
 * One rule for every map: both forms are read, and where both set the same property the
 * bracket form wins; each fills the gaps of the other. The entry is validated as a whole,
 * as Boot validates the properties it binds.
 *
 * @author TaskFlow
 */
final class NamedSettings {

	private NamedSettings() {
	}

	/**
	 * Bind one entry, both forms merged.
	 * @param <T> the type of the entries
	 * @param binder the binder
	 * @param root the map's property name, such as {@code spring.taskflow.handlers}
	 * @param name the entry's name, such as {@code email.send}
	 * @param type the type of the entries, a JavaBean
	 * @return the entry, or {@code null} if neither form sets any of its properties
	 */
	static <T> T bind(Binder binder, String root, String name, Class<T> type) {
		T dotted = ConfigurationPropertyName.isValid(root + "." + name)
				? binder.bind(root + "." + name, Bindable.of(type), validating()).orElse(null) : null;
		// bound onto the dotted entry: the properties the bracket form sets replace
		// those of the dotted one, the others stay
		Bindable<T> target = (dotted != null) ? Bindable.of(type).withExistingValue(dotted) : Bindable.of(type);
		ConfigurationPropertyName bracketed = ConfigurationPropertyName.of(root).append("[" + name + "]");
		return binder.bind(bracketed, target, validating()).orElse(dotted);
	}

	/**
	 * Bind every entry of a map whose entry type has no nested groups, so that the last
	 * element of a property name is the property and the elements before it the name.
	 * @param <T> the type of the entries
	 * @param environment the environment, to find the dotted names
	 * @param binder the binder
	 * @param root the map's property name, such as {@code spring.taskflow.schedules}
	 * @param bound the map as Boot bound it (the bracket form and names without dots)
	 * @param type the type of the entries, a JavaBean
	 * @return the entries by name: those Boot bound first, in their order, then the
	 * others in the order of the property sources
	 */
	static <T> Map<String, T> bindAll(Environment environment, Binder binder, String root, Map<String, T> bound,
			Class<T> type) {
		Set<String> names = new LinkedHashSet<>(bound.keySet());
		names.addAll(dottedNames(environment, root));
		Map<String, T> entries = new LinkedHashMap<>();
		for (String name : names) {
			T entry = bind(binder, root, name, type);
			entries.put(name, (entry != null) ? entry : bound.get(name));
		}
		entries.values().removeIf((entry) -> entry == null);
		return entries;
	}

	// a handler of its own for each bind: it keeps what it bound until the bind ends
	private static BindHandler validating() {
		return new ValidationBindHandler(TaskFlowPropertiesValidator.INSTANCE);
	}

	// the names of the entries written with more than one element
	private static Set<String> dottedNames(Environment environment, String root) {
		Set<String> names = new LinkedHashSet<>();
		ConfigurationPropertyName map = ConfigurationPropertyName.of(root);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(map::isAncestorOf).forEach((property) -> {
					int elements = property.getNumberOfElements();
					if (elements > map.getNumberOfElements() + 2) {
						names.add(property.chop(elements - 1).subName(map.getNumberOfElements()).toString());
					}
				});
			}
		}
		return names;
	}

}
