package dev.taskflow.observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;

/**
 * The context of a {@link TaskFlowObservation#JOB_ENQUEUE} observation: the requests of
 * one {@code enqueue} or {@code enqueueAll} call. Its carrier collects what a tracing
 * propagator writes (the W3C {@code traceparent}), which is stored with every job of the
 * batch.
 *
 * @author TaskFlow
 */
public class JobEnqueueContext extends SenderContext<Map<String, String>> {

	/**
	 * The carrier field stored with the jobs.
	 */
	public static final String TRACE_PARENT = "traceparent";

	private final List<JobRequest> requests;

	private List<JobId> jobIds = List.of();

	/**
	 * Create a context.
	 * @param requests the requests of the batch
	 */
	public JobEnqueueContext(List<JobRequest> requests) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		this.requests = List.copyOf(requests);
		setCarrier(new LinkedHashMap<>());
		setRemoteServiceName("taskflow");
	}

	/**
	 * The requests of the batch.
	 * @return the requests
	 */
	public List<JobRequest> getRequests() {
		return this.requests;
	}

	/**
	 * The ids the requests resolved to, once stored (a unique key held by an active job
	 * resolves to that job's id).
	 * @return the ids in the order of the requests, empty until stored
	 */
	public List<JobId> getJobIds() {
		return this.jobIds;
	}

	/**
	 * Set the ids the requests resolved to.
	 * @param jobIds the ids
	 */
	public void setJobIds(List<JobId> jobIds) {
		this.jobIds = List.copyOf(jobIds);
	}

	/**
	 * The W3C {@code traceparent} a propagator wrote into the carrier.
	 * @return the trace parent or {@code null}
	 */
	public String getTraceParent() {
		Map<String, String> carrier = getCarrier();
		return (carrier != null) ? carrier.get(TRACE_PARENT) : null;
	}

}
