package dev.taskflow.sample;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The steps of the {@code images} workflow ({@link GalleryService}): a fan-out that
 * spawns one {@code image.resize} job per image, and a manifest built from their results
 * once every one of them has finished.
 *
 * @author TaskFlow
 */
@Component
public class GalleryPublisher {

	private static final Log logger = LogFactory.getLog(GalleryPublisher.class);

	/**
	 * The step {@code resize}: one {@code image.resize} job per image, added to this step
	 * with the success of this job. The step finishes when they all have.
	 * @param request the gallery
	 * @param context the running job
	 * @return how many jobs it spawned
	 */
	@TaskHandler("images.split")
	public int split(GalleryRequest request, TaskContext context) {
		List<JobRequest> resizes = request.images()
			.stream()
			.map((image) -> JobRequest.of("image.resize", image))
			.toList();
		context.spawn(resizes);
		logger.info("Resizing the " + resizes.size() + " images of gallery '" + request.gallery() + "'");
		return resizes.size();
	}

	/**
	 * The step {@code manifest}, after {@code resize}: the thumbnails its spawned jobs
	 * made. The workflow runs it even when some resizes failed
	 * ({@link dev.taskflow.FailurePolicy#CONTINUE CONTINUE}): a gallery with a missing
	 * thumbnail is still published, and the workflow ends {@code FAILED} for an operator
	 * to see.
	 * @param request the gallery
	 * @param context the running job
	 * @return the manifest
	 */
	@TaskHandler("images.manifest")
	public GalleryManifest manifest(GalleryRequest request, TaskContext context) {
		List<Thumbnail> thumbnails = context.stepResults("resize", Thumbnail.class);
		int missing = request.images().size() - thumbnails.size();
		logger.info("Gallery '" + request.gallery() + "' has " + thumbnails.size() + " thumbnails"
				+ ((missing > 0) ? ", " + missing + " missing" : ""));
		return new GalleryManifest(request.gallery(), thumbnails, missing);
	}

}
