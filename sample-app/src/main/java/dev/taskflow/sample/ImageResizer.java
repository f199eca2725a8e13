package dev.taskflow.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Resizes images into thumbnails. Work grows with the pixel count, and the handler has a
 * timeout: a huge image overruns it, is interrupted, and after its two attempts the job
 * fails with a timeout error.
 *
 * @author TaskFlow
 */
@Component
public class ImageResizer {

	private static final Log logger = LogFactory.getLog(ImageResizer.class);

	private static final int THUMBNAIL_WIDTH = 320;

	@TaskHandler(value = "image.resize", timeout = "2s", maxAttempts = 2)
	public Thumbnail resize(ResizeRequest request, TaskContext context) throws InterruptedException {
		long pixels = (long) request.width() * request.height();
		long millis = Math.max(20, pixels / 20_000);
		logger.info("Resizing " + request.image() + " (" + request.width() + "x" + request.height() + ", about "
				+ millis + " ms, attempt " + context.attempt() + "/" + context.maxAttempts() + ")");
		// sleeping stands in for the work; the timeout interrupts it
		Thread.sleep(millis);
		int height = (int) Math.max(1, (long) request.height() * THUMBNAIL_WIDTH / Math.max(1, request.width()));
		logger.info("Resized " + request.image() + " to " + THUMBNAIL_WIDTH + "x" + height);
		return new Thumbnail(request.image(), "/thumbnails/" + request.image(), THUMBNAIL_WIDTH, height);
	}

}
