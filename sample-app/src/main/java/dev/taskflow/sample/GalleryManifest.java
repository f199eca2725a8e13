package dev.taskflow.sample;

import java.util.List;

/**
 * The result of an {@code images.manifest} job: the thumbnails of a gallery, one per
 * resize job that succeeded.
 *
 * @param gallery the gallery's name
 * @param thumbnails the thumbnails, in the order the resize jobs were spawned
 * @param missing how many images have no thumbnail (their resize failed)
 * @author TaskFlow
 */
public record GalleryManifest(String gallery, List<Thumbnail> thumbnails, int missing) {

}
