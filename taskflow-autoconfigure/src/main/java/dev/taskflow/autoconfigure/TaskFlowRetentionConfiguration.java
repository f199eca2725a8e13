package dev.taskflow.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.taskflow.InvalidScheduleException;
import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.retention.RetentionHandler;
import dev.taskflow.retention.RetentionListener;
import dev.taskflow.retention.RetentionPeriods;
import dev.taskflow.retention.RetentionPolicy;
import dev.taskflow.schedule.ScheduleDeclaration;
import dev.taskflow.store.JobStore;

/**
 * Retention ({@code spring.taskflow.retention.*}): TaskFlow's own handler
 * {@value RetentionHandler#NAME}, on every node, and the built-in schedule of the same
 * name that worker nodes declare, so that one node per interval runs the purge.
 *
 * @author TaskFlow
 */
@Configuration(proxyBeanMethods = false)
class TaskFlowRetentionConfiguration {

	// on every node, also with retention off: an occurrence fired before it was turned
	// off then finishes (purging nothing) rather than waiting for ever
	@Bean
	@ConditionalOnMissingBean
	RetentionHandler taskFlowRetentionHandler(JobStore store, TaskFlowProperties properties, Environment environment,
			ObjectProvider<RetentionListener> listener) {
		return new RetentionHandler(store.retention(), policy(properties.getRetention(), environment),
				listener.getIfAvailable(() -> RetentionListener.NONE));
	}

	/**
	 * The declaration of the retention schedule, to add to those of a worker node: every
	 * interval, fired once after downtime, skipped while a purge is still pending or
	 * running; disabled (and so removed) when the policy purges nothing.
	 * @param handler the retention handler
	 * @param properties the properties
	 * @param declared the schedules declared in properties
	 * @return the declaration
	 * @throws InvalidScheduleException if a schedule of properties takes its name
	 */
	static ScheduleDeclaration schedule(RetentionHandler handler, TaskFlowProperties properties,
			Map<String, ScheduleDeclaration> declared) {
		String name = RetentionHandler.NAME;
		if (declared.containsKey(name)) {
			throw new InvalidScheduleException(name,
					"the name is that of TaskFlow's own retention schedule; set how"
							+ " often it runs with spring.taskflow.retention.interval, and turn it off with"
							+ " spring.taskflow.retention.enabled=false");
		}
		return new ScheduleDeclaration(name, null, properties.getRetention().getInterval(), null, name, null, null,
				null, MisfirePolicy.FIRE_ONCE, OverlapPolicy.SKIP_IF_RUNNING, handler.policy().purgesAnything());
	}

	private static RetentionPolicy policy(TaskFlowProperties.Retention retention, Environment environment) {
		if (!retention.isEnabled()) {
			RetentionPeriods keep = new RetentionPeriods(RetentionPeriods.KEEP, RetentionPeriods.KEEP,
					RetentionPeriods.KEEP);
			return new RetentionPolicy(keep, Map.of(), Map.of(), retention.getBatchSize(), retention.isArchive());
		}
		// the bound periods are non-negative (validated); "keep" is bound as zero by a
		// converter of ours, which the shared conversion service lacks
		Binder binder = new Binder(ConfigurationPropertySources.get(environment),
				new PropertySourcesPlaceholdersResolver(environment),
				List.of(KeepOrDurationConverter.conversionService(), ApplicationConversionService.getSharedInstance()),
				null, null, null);
		return new RetentionPolicy(
				new RetentionPeriods(retention.getSucceeded(), retention.getFailed(), retention.getCancelled()),
				overrides(environment, binder, "queues", retention.getQueues()),
				overrides(environment, binder, "handlers", retention.getHandlers()), retention.getBatchSize(),
				retention.isArchive());
	}

	private static Map<String, RetentionPeriods> overrides(Environment environment, Binder binder, String group,
			Map<String, TaskFlowProperties.RetentionPeriods> bound) {
		Map<String, RetentionPeriods> overrides = new LinkedHashMap<>();
		NamedSettings
			.bindAll(environment, binder, "spring.taskflow.retention." + group, bound,
					TaskFlowProperties.RetentionPeriods.class)
			.forEach((name, periods) -> overrides.put(name, periods(periods)));
		overrides.values().removeIf(RetentionPeriods::isEmpty);
		return overrides;
	}

	private static RetentionPeriods periods(TaskFlowProperties.RetentionPeriods periods) {
		return new RetentionPeriods(periods.getSucceeded(), periods.getFailed(), periods.getCancelled());
	}

}
