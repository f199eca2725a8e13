package dev.taskflow.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image fan-out with TaskFlow's test kit: the first step spawns a resize job per
 * image, and the manifest runs only once they have all finished. Resizes time out after
 * 200 ms here, so that a panorama fails quickly.
 *
 * @author TaskFlow
 */
@SpringBootTest(properties = { "sample.demo-traffic=false", "sample.shipping.failure-rate=0",
		"spring.taskflow.handlers.image.resize.timeout=200ms" })
@AutoConfigureTaskFlowTester
class GalleryServiceTests {

	@Autowired
	private GalleryService galleries;

	@Autowired
	private TaskFlowTester tester;

	@Autowired
	private TaskFlow taskFlow;

	@Test
	void eachImageIsResizedByASpawnedJobAndTheManifestHasOneThumbnailPerJob() {
		WorkflowId id = this.galleries.publish(
				new GalleryRequest("holidays", List.of(photo("beach.jpg"), photo("harbour.jpg"), photo("sunset.jpg"))));

		List<JobView> ran = this.tester.runAll();

		assertThat(ran).extracting(JobView::handler)
			.containsExactly("images.split", "image.resize", "image.resize", "image.resize", "images.manifest");
		WorkflowView workflow = this.taskFlow.workflows().find(id).orElseThrow();
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		assertThat(workflow.step("resize").orElseThrow()).satisfies((resize) -> {
			assertThat(resize.spawnedJobs()).isEqualTo(3);
			assertThat(resize.unfinishedJobs()).isZero();
		});
		List<Thumbnail> made = this.tester.jobs("image.resize")
			.stream()
			.map((job) -> job.result(Thumbnail.class).orElseThrow())
			.toList();
		GalleryManifest manifest = manifest(workflow);
		assertThat(manifest.thumbnails()).hasSize(3).containsExactlyInAnyOrderElementsOf(made);
		assertThat(manifest.thumbnails()).extracting(Thumbnail::image)
			.containsExactly("beach.jpg", "harbour.jpg", "sunset.jpg");
		assertThat(manifest.missing()).isZero();
	}

	@Test
	void aResizeThatTimesOutLeavesItsThumbnailOutAndTheManifestIsStillMade() {
		WorkflowId id = this.galleries.publish(new GalleryRequest("alps",
				List.of(photo("lake.jpg"), new ResizeRequest("panorama.jpg", 12000, 8000), photo("peak.jpg"))));
		this.tester.runAll();
		// the panorama's second attempt, due after its back-off
		this.tester.advanceClock(Duration.ofSeconds(2));
		this.tester.runAll();

		WorkflowView workflow = this.taskFlow.workflows().find(id).orElseThrow();
		assertThat(workflow.step("resize").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
		assertThat(workflow.step("manifest").orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		// the manifest ran anyway (FailurePolicy.CONTINUE), and the workflow says it
		// failed
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.FAILED);
		GalleryManifest manifest = manifest(workflow);
		assertThat(manifest.thumbnails()).extracting(Thumbnail::image).containsExactly("lake.jpg", "peak.jpg");
		assertThat(manifest.missing()).isEqualTo(1);
	}

	private static ResizeRequest photo(String name) {
		return new ResizeRequest(name, 1920, 1080);
	}

	private GalleryManifest manifest(WorkflowView workflow) {
		JobView job = this.taskFlow.find(workflow.step("manifest").orElseThrow().jobId().orElseThrow()).orElseThrow();
		return job.result(GalleryManifest.class).orElseThrow();
	}

}
