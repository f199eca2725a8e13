package dev.taskflow.sample;

import org.springframework.stereotype.Service;

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobRequest;
import dev.taskflow.Step;
import dev.taskflow.TaskFlow;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowId;

/**
 * Publishes image galleries with a fan-out workflow: the step {@code resize} spawns one
 * {@code image.resize} job per image ({@link GalleryPublisher#split}), and the step
 * {@code manifest} reads all their thumbnails once every one has finished.
 *
 * @author TaskFlow
 */
@Service
public class GalleryService {

	/**
	 * The name of the workflow.
	 */
	public static final String WORKFLOW = "images";

	private final TaskFlow taskFlow;

	public GalleryService(TaskFlow taskFlow) {
		this.taskFlow = taskFlow;
	}

	/**
	 * Start publishing a gallery.
	 * @param request the gallery and its images
	 * @return the workflow's id
	 */
	public WorkflowId publish(GalleryRequest request) {
		return this.taskFlow.workflows()
			.start(Workflow.named(WORKFLOW)
				.step(Step.of("resize", JobRequest.of("images.split", request)))
				.step(Step.of("manifest", JobRequest.of("images.manifest", request)).after("resize"))
				// the manifest is made of the thumbnails there are, even if a resize
				// failed
				.onFailure(FailurePolicy.CONTINUE));
	}

}
