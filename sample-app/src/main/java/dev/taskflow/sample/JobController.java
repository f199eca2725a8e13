package dev.taskflow.sample;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;

/**
 * Enqueues jobs and shows, retries and cancels them.
 *
 * @author TaskFlow
 */
@RestController
@RequestMapping("/jobs")
public class JobController {

	private static final int MAX_BURST = 1000;

	private final TaskFlow taskFlow;

	public JobController(TaskFlow taskFlow) {
		this.taskFlow = taskFlow;
	}

	/**
	 * Enqueue a burst of mixed jobs in one round trip: e-mails, reports, payments (high
	 * priority, flaky) and image resizes (every tenth one too big for its timeout).
	 * @param count the number of jobs
	 * @return the ids of the new jobs
	 */
	@PostMapping("/burst")
	public ResponseEntity<Map<String, Object>> burst(@RequestParam(defaultValue = "20") int count) {
		if (count < 1 || count > MAX_BURST) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"'count' must be between 1 and " + MAX_BURST + ", was " + count);
		}
		List<JobRequest> requests = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			requests.add(burstJob(i));
		}
		List<String> ids = this.taskFlow.enqueueAll(requests).stream().map(JobId::toString).toList();
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("count", ids.size(), "ids", ids));
	}

	static JobRequest burstJob(int i) {
		return switch (i % 4) {
			case 0 -> JobRequest.of("email.send",
					new Email("user" + i + "@example.com", "Your weekly digest #" + i, "Hello!"));
			case 1 ->
				JobRequest.of("report.render", new ReportRequest("Quarterly report " + i, 5 + i % 20)).queue("reports");
			case 2 -> JobRequest.of("payment.capture", new Payment("order-" + i, 1000 + i * 10L)).priority(10);
			default ->
				JobRequest.of("image.resize", (i % 10 == 7) ? new ResizeRequest("panorama-" + i + ".jpg", 12000, 8000)
						: new ResizeRequest("photo-" + i + ".jpg", 1920, 1080));
		};
	}

	/**
	 * Enqueue one e-mail, optionally delayed.
	 * @param email the e-mail
	 * @param delay how long to wait before sending, for example {@code PT30S}
	 * @return the new job
	 */
	@PostMapping("/email")
	public ResponseEntity<JobResponse> email(@RequestBody Email email, @RequestParam(required = false) Duration delay) {
		JobRequest request = JobRequest.of("email.send", email);
		if (delay != null) {
			request = request.delay(delay);
		}
		JobId id = this.taskFlow.enqueue(request);
		return ResponseEntity.accepted().location(URI.create("/jobs/" + id)).body(JobResponse.of(find(id)));
	}

	/**
	 * Show a job.
	 * @param id the job id
	 * @return the job
	 */
	@GetMapping("/{id}")
	public JobResponse get(@PathVariable String id) {
		return JobResponse.of(find(parse(id)));
	}

	/**
	 * Run a failed or cancelled job again.
	 * @param id the job id
	 * @return the job, pending again
	 */
	@PostMapping("/{id}/retry")
	public JobResponse retry(@PathVariable String id) {
		JobId jobId = parse(id);
		if (!this.taskFlow.retry(jobId)) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"Job " + id + " is " + find(jobId).status() + ": only FAILED or CANCELLED jobs can be retried");
		}
		return JobResponse.of(find(jobId));
	}

	/**
	 * Cancel a pending job.
	 * @param id the job id
	 * @return the job, cancelled
	 */
	@PostMapping("/{id}/cancel")
	public JobResponse cancel(@PathVariable String id) {
		JobId jobId = parse(id);
		if (!this.taskFlow.cancel(jobId)) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"Job " + id + " is " + find(jobId).status() + ": only PENDING jobs can be cancelled");
		}
		return JobResponse.of(find(jobId));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		// a malformed id or an unknown handler name: the caller's mistake
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	private JobView find(JobId id) {
		return this.taskFlow.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No job " + id));
	}

	private static JobId parse(String id) {
		return JobId.parse(id);
	}

}
