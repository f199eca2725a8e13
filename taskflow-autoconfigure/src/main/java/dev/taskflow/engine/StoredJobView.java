package dev.taskflow.engine;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import dev.taskflow.JobId;
import dev.taskflow.JobProgress;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.WorkflowId;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.store.JobRecord;

/**
 * A {@link JobView} over a stored row; the result and payload are read from JSON on
 * demand.
 *
 * @author TaskFlow
 */
public final class StoredJobView implements JobView {

	private final JobRecord record;

	private final PayloadCodec codec;

	private final Supplier<String> payload;

	/**
	 * A view of a row.
	 * @param record the row
	 * @param codec reads the JSON
	 * @param payload supplies the payload JSON: the row's own, or read when asked for a
	 * row of a page (which leaves payloads out)
	 */
	public StoredJobView(JobRecord record, PayloadCodec codec, Supplier<String> payload) {
		this.record = record;
		this.codec = codec;
		this.payload = payload;
	}

	@Override
	public JobId id() {
		return JobId.of(this.record.id());
	}

	@Override
	public String handler() {
		return this.record.handler();
	}

	@Override
	public String queue() {
		return this.record.queue();
	}

	@Override
	public JobStatus status() {
		return this.record.status();
	}

	@Override
	public int attempt() {
		return this.record.attempt();
	}

	@Override
	public int maxAttempts() {
		return this.record.maxAttempts();
	}

	@Override
	public int priority() {
		return this.record.priority();
	}

	@Override
	public Instant runAt() {
		return this.record.runAt();
	}

	@Override
	public Instant createdAt() {
		return this.record.createdAt();
	}

	@Override
	public Instant startedAt() {
		return this.record.startedAt();
	}

	@Override
	public Instant finishedAt() {
		return this.record.finishedAt();
	}

	@Override
	public String lastError() {
		return this.record.lastError();
	}

	@Override
	public String scheduleName() {
		return this.record.scheduleName();
	}

	@Override
	public Instant fireTime() {
		return this.record.fireTime();
	}

	@Override
	public String concurrencyKey() {
		return this.record.concurrencyKey();
	}

	@Override
	public String correlationId() {
		return this.record.correlationId();
	}

	@Override
	public String traceParent() {
		return this.record.traceParent();
	}

	@Override
	public String uniqueKey() {
		return this.record.uniqueKey();
	}

	@Override
	public Optional<WorkflowId> workflowId() {
		return Optional.ofNullable(this.record.workflowId()).map(WorkflowId::of);
	}

	@Override
	public Optional<String> stepName() {
		return Optional.ofNullable(this.record.stepName());
	}

	@Override
	public Optional<JobProgress> progress() {
		return Optional.ofNullable(this.record.progress());
	}

	@Override
	public String ownerNode() {
		return this.record.ownerNode();
	}

	@Override
	public <T> Optional<T> payload(Class<T> type) {
		return Optional.ofNullable(this.codec.read(this.payload.get(), type));
	}

	@Override
	public <T> Optional<T> result(Class<T> type) {
		return Optional.ofNullable(this.codec.read(this.record.result(), type));
	}

	@Override
	public String toString() {
		return "Job[" + this.record.id() + ", " + this.record.handler() + ", " + this.record.status() + ", attempt "
				+ this.record.attempt() + "/" + this.record.maxAttempts() + "]";
	}

}
