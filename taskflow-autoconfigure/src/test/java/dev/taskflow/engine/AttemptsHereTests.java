package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.taskflow.store.ClaimedJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * One attempt per job on a node's threads: a later claim of a job waits for the earlier
 * attempt to end, and a replaced claim does not run.
 *
 * @author TaskFlow
 */
class AttemptsHereTests {

	private final AttemptsHere attempts = new AttemptsHere();

	private final Map<UUID, ClaimedJob> held = new ConcurrentHashMap<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	private static ClaimedJob claim(UUID id, int attempt) {
		return new ClaimedJob(id, "noop", "default", attempt, 3, null, 0, Instant.now(), null, null, null, null, null);
	}

	// attempt 1 of a job runs here, and the node has claimed the job again as attempt 2
	private AttemptsHere.Running firstRunsAndTheJobIsClaimedAgain(UUID id) throws InterruptedException {
		ClaimedJob first = claim(id, 1);
		this.held.put(id, first);
		AttemptsHere.Running running = this.attempts.enter(first, this.held::get);
		this.held.put(id, claim(id, 2));
		return running;
	}

	@Test
	void attemptsOfDifferentJobsEnterAtOnce() throws Exception {
		ClaimedJob one = claim(UUID.randomUUID(), 1);
		ClaimedJob other = claim(UUID.randomUUID(), 1);
		this.held.put(one.id(), one);
		this.held.put(other.id(), other);
		assertThat(this.attempts.enter(one, this.held::get)).isNotNull();
		assertThat(this.attempts.enter(other, this.held::get)).isNotNull();
		assertThat(this.attempts.runs(one.id())).isTrue();
		assertThat(this.attempts.runs(other.id())).isTrue();
	}

	@Test
	void aLaterAttemptOfAJobEntersOnceTheEarlierOneEnded() throws Exception {
		UUID id = UUID.randomUUID();
		AttemptsHere.Running running = firstRunsAndTheJobIsClaimedAgain(id);
		ClaimedJob second = this.held.get(id);
		Future<AttemptsHere.Running> waiting = this.threads.submit(() -> this.attempts.enter(second, this.held::get));
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
		this.attempts.ended(running);
		AttemptsHere.Running next = waiting.get();
		assertThat(next).isNotNull();
		assertThat(next.attempt()).isEqualTo(2);
		assertThat(this.attempts.runs(id)).isTrue();
		this.attempts.ended(next);
		assertThat(this.attempts.runs(id)).isFalse();
	}

	@Test
	void aClaimReplacedBeforeItEnteredDoesNotRun() throws Exception {
		UUID id = UUID.randomUUID();
		ClaimedJob first = claim(id, 1);
		ClaimedJob second = claim(id, 2);
		this.held.put(id, second);
		assertThat(this.attempts.enter(first, this.held::get)).isNull();
		this.held.remove(id);
		assertThat(this.attempts.enter(second, this.held::get)).as("released meanwhile").isNull();
		assertThat(this.attempts.runs(id)).isFalse();
	}

	@Test
	void aClaimReleasedWhileItWaitedDoesNotRun() throws Exception {
		UUID id = UUID.randomUUID();
		AttemptsHere.Running running = firstRunsAndTheJobIsClaimedAgain(id);
		ClaimedJob second = this.held.get(id);
		Future<AttemptsHere.Running> waiting = this.threads.submit(() -> this.attempts.enter(second, this.held::get));
		// a drain or a stop hands the new claim back while attempt 1 still runs
		this.held.remove(id);
		this.attempts.ended(running);
		assertThat(waiting.get()).isNull();
		assertThat(this.attempts.runs(id)).isFalse();
	}

	@Test
	void aWaitingClaimIsInterruptible() throws Exception {
		UUID id = UUID.randomUUID();
		firstRunsAndTheJobIsClaimedAgain(id);
		ClaimedJob second = this.held.get(id);
		CompletableFuture<Thread> waiter = new CompletableFuture<>();
		Future<AttemptsHere.Running> waiting = this.threads.submit(() -> {
			waiter.complete(Thread.currentThread());
			return this.attempts.enter(second, this.held::get);
		});
		waiter.get().interrupt();
		assertThatExceptionOfType(java.util.concurrent.ExecutionException.class).isThrownBy(waiting::get)
			.withCauseInstanceOf(InterruptedException.class);
	}

}
