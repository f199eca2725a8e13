package dev.taskflow.sample;

import java.util.List;

/**
 * A gallery to publish: the payload of the {@code images} workflow's steps.
 *
 * @param gallery the gallery's name
 * @param images the images, each resized by a job of its own
 * @author TaskFlow
 */
public record GalleryRequest(String gallery, List<ResizeRequest> images) {

}
