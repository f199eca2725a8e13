package dev.taskflow.sample;

import java.net.URI;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.taskflow.JobId;
import dev.taskflow.TaskFlow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowView;

/**
 * Starts the sample's workflows, a checkout ({@link CheckoutService}) and an image
 * gallery ({@link GalleryService}), and shows them with each step's result. Retry and
 * cancel them with {@code POST /actuator/taskflow/workflows/<id>/retry} or
 * {@code .../cancel}.
 *
 * @author TaskFlow
 */
@RestController
@RequestMapping("/workflows")
public class WorkflowController {

	private final TaskFlow taskFlow;

	private final CheckoutService checkouts;

	private final GalleryService galleries;

	public WorkflowController(TaskFlow taskFlow, CheckoutService checkouts, GalleryService galleries) {
		this.taskFlow = taskFlow;
		this.checkouts = checkouts;
		this.galleries = galleries;
	}

	/**
	 * Check an order out.
	 * @param order the order; {@code "undeliverable": true} makes its shipment fail, and
	 * the checkout is compensated
	 * @return the workflow; the Location header points at it
	 */
	@PostMapping("/checkout")
	public ResponseEntity<WorkflowResponse> checkout(@RequestBody Order order) {
		if (!StringUtils.hasText(order.orderId()) || !StringUtils.hasText(order.email())
				|| !StringUtils.hasText(order.sku()) || order.quantity() < 1 || order.amountCents() < 1) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"Send 'orderId', 'email', 'sku', a 'quantity' and an 'amountCents' of at least 1");
		}
		return started(this.checkouts.checkout(order));
	}

	/**
	 * Publish a gallery: one resize job per image, then a manifest of the thumbnails.
	 * @param request the gallery and its images
	 * @return the workflow; the Location header points at it
	 */
	@PostMapping("/images")
	public ResponseEntity<WorkflowResponse> images(@RequestBody GalleryRequest request) {
		if (!StringUtils.hasText(request.gallery()) || request.images() == null || request.images().isEmpty()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send a 'gallery' name and its 'images'");
		}
		return started(this.galleries.publish(request));
	}

	/**
	 * Show a workflow with its steps and what each step's job returned.
	 * @param id the workflow id
	 * @return the workflow
	 */
	@GetMapping("/{id}")
	public WorkflowResponse get(@PathVariable String id) {
		return response(find(WorkflowId.parse(id)));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		// a malformed id: the caller's mistake
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	private ResponseEntity<WorkflowResponse> started(WorkflowId id) {
		return ResponseEntity.accepted().location(URI.create("/workflows/" + id)).body(response(find(id)));
	}

	private WorkflowView find(WorkflowId id) {
		return this.taskFlow.workflows()
			.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No workflow " + id));
	}

	private WorkflowResponse response(WorkflowView workflow) {
		List<WorkflowResponse.StepResponse> steps = workflow.steps()
			.stream()
			.map((step) -> new WorkflowResponse.StepResponse(step.name(), step.after(), step.status(),
					step.jobIds().stream().map(JobId::toString).toList(), step.spawnedJobs(), result(step),
					(step.compensationJobId() != null) ? step.compensationJobId().toString() : null,
					step.compensationStatus()))
			.toList();
		return new WorkflowResponse(workflow.id().toString(), workflow.name(), workflow.status(),
				workflow.failurePolicy(), workflow.createdAt(), workflow.finishedAt(), steps);
	}

	// the result of the step's own job (a step of one job, as both of the sample's are)
	private JsonNode result(WorkflowView.StepView step) {
		return step.jobId().flatMap(this.taskFlow::find).flatMap((job) -> job.result(JsonNode.class)).orElse(null);
	}

}
