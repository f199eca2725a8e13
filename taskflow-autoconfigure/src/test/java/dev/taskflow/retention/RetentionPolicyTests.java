package dev.taskflow.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.taskflow.JobStatus;
import dev.taskflow.store.JobRetention.Rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RetentionPolicy}: the rules of a purge, a handler's period winning
 * over its queue's and a queue's over the default, and keep making no rule.
 *
 * @author TaskFlow
 */
class RetentionPolicyTests {

	private static final Instant NOW = Instant.parse("2030-01-07T10:00:00Z");

	private static final Duration KEEP = RetentionPeriods.KEEP;

	private static final RetentionPeriods DEFAULTS = new RetentionPeriods(Duration.ofDays(1), Duration.ofDays(14),
			Duration.ofDays(14));

	@Test
	void defaultsMakeOneRulePerFinalStatusWithItsCutoff() {
		RetentionPolicy policy = new RetentionPolicy(DEFAULTS, Map.of(), Map.of(), 1000, false);
		assertThat(policy.rules(NOW)).containsExactly(Rule.of(JobStatus.SUCCEEDED, NOW.minus(Duration.ofDays(1))),
				Rule.of(JobStatus.FAILED, NOW.minus(Duration.ofDays(14))),
				Rule.of(JobStatus.CANCELLED, NOW.minus(Duration.ofDays(14))));
		assertThat(policy.purgesAnything()).isTrue();
	}

	@Test
	void handlerWinsOverItsQueueAndQueueOverTheDefault() {
		RetentionPolicy policy = new RetentionPolicy(DEFAULTS,
				Map.of("mail", new RetentionPeriods(Duration.ofHours(2), null, null)),
				Map.of("email.send", new RetentionPeriods(Duration.ofMinutes(5), null, null)), 1000, false);
		List<Rule> succeeded = policy.rules(NOW)
			.stream()
			.filter((rule) -> rule.status() == JobStatus.SUCCEEDED)
			.toList();
		assertThat(succeeded).containsExactly(
				new Rule(JobStatus.SUCCEEDED, NOW.minus(Duration.ofMinutes(5)), "email.send", null, null, null),
				new Rule(JobStatus.SUCCEEDED, NOW.minus(Duration.ofHours(2)), null, "mail", Set.of("email.send"), null),
				new Rule(JobStatus.SUCCEEDED, NOW.minus(Duration.ofDays(1)), null, null, Set.of("email.send"),
						Set.of("mail")));
		// the overrides set SUCCEEDED only: the other statuses keep the defaults alone
		assertThat(policy.rules(NOW)).filteredOn((rule) -> rule.status() != JobStatus.SUCCEEDED)
			.containsExactly(Rule.of(JobStatus.FAILED, NOW.minus(Duration.ofDays(14))),
					Rule.of(JobStatus.CANCELLED, NOW.minus(Duration.ofDays(14))));
	}

	@Test
	void keepMakesNoRuleYetStillShieldsItsJobsFromTheBroaderRules() {
		RetentionPolicy policy = new RetentionPolicy(DEFAULTS, Map.of("audit", new RetentionPeriods(KEEP, KEEP, KEEP)),
				Map.of("report.render", new RetentionPeriods(null, KEEP, null)), 1000, false);
		List<Rule> rules = policy.rules(NOW);
		assertThat(rules).noneMatch((rule) -> "audit".equals(rule.queue()) || "report.render".equals(rule.handler()));
		assertThat(rules).filteredOn((rule) -> rule.status() == JobStatus.SUCCEEDED)
			.singleElement()
			.satisfies((rule) -> assertThat(rule.exceptQueues()).containsExactly("audit"));
		assertThat(rules).filteredOn((rule) -> rule.status() == JobStatus.FAILED).singleElement().satisfies((rule) -> {
			assertThat(rule.exceptQueues()).containsExactly("audit");
			assertThat(rule.exceptHandlers()).containsExactly("report.render");
		});
	}

	@Test
	void policyThatKeepsEverythingPurgesNothing() {
		RetentionPeriods keep = new RetentionPeriods(KEEP, KEEP, KEEP);
		assertThat(new RetentionPolicy(keep, Map.of("audit", keep), Map.of(), 1000, false).purgesAnything()).isFalse();
		assertThat(new RetentionPolicy(keep, Map.of(), Map.of(), 1000, false).rules(NOW)).isEmpty();
		// one finite override is enough to need the purge
		assertThat(new RetentionPolicy(keep, Map.of(),
				Map.of("tmp", new RetentionPeriods(null, null, Duration.ofHours(1))), 1000, false)
			.purgesAnything()).isTrue();
	}

	@Test
	void describesItsPeriodsAndOverridesAsPropertiesWriteThem() {
		RetentionPolicy policy = new RetentionPolicy(
				new RetentionPeriods(Duration.ofDays(1), Duration.ofHours(36), KEEP),
				Map.of("mail", new RetentionPeriods(Duration.ofMinutes(90), null, null)), Map.of(), 1000, false);
		assertThat(policy.describe())
			.isEqualTo("SUCCEEDED 1d, FAILED 36h, CANCELLED for ever; overridden for queues [mail] and handlers []");
	}

	@Test
	void negativePeriodOrBatchSizeOutOfRangeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetentionPeriods(Duration.ofSeconds(-1), null, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetentionPolicy(DEFAULTS, Map.of(), Map.of(), 0, false));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetentionPolicy(DEFAULTS, Map.of(), Map.of(), 10_001, false));
	}

}
