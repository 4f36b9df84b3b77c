package dev.otalab.imagestore.service;

import dev.otalab.imagestore.config.ImagesConfig;
import dev.otalab.imagestore.repository.ImageRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently used images in memory, bounded by {@code otalab.images.cache-max-bytes} (least recently
 * used evicted first; an image larger than the whole budget is served but not kept). Concurrent
 * misses for one digest share a single database read, so a hundred devices asking for a new image
 * at once cause one load. Thread-safe.
 */
@ApplicationScoped
public class ImageCache {

    private final ImageRepository repository;
    private final long maxBytes;
    private final LinkedHashMap<String, CachedImage> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Uni<CachedImage>> loading = new HashMap<>();
    private long bytes;

    public ImageCache(ImageRepository repository, ImagesConfig config, MeterRegistry meters) {
        this.repository = repository;
        this.maxBytes = config.cacheMaxBytes().asLongValue();
        meters.gauge("otalab.image.cache.bytes", this, c -> c.cachedBytes());
    }

    /**
     * The image, from memory or the database; null item when no such image is stored. Subscribe on
     * a context where Hibernate Reactive may run (see {@link ImageRepository}).
     */
    public Uni<CachedImage> get(String digest) {
        Uni<CachedImage> load;
        synchronized (this) {
            CachedImage hit = entries.get(digest);
            if (hit != null) {
                return Uni.createFrom().item(hit);
            }
            load = loading.get(digest);
            if (load == null) {
                load = repository.content(digest)
                        .map(content -> content == null ? null : CachedImage.of(digest, content))
                        .invoke(this::put)
                        .eventually(() -> {
                            synchronized (ImageCache.this) {
                                loading.remove(digest);
                            }
                        })
                        .memoize().indefinitely();
                loading.put(digest, load);
            }
        }
        return load;
    }

    /** Keeps a freshly stored image (the upload already has the bytes). */
    public void put(CachedImage image) {
        if (image == null || image.size() > maxBytes) {
            return;
        }
        synchronized (this) {
            CachedImage old = entries.put(image.digest(), image);
            if (old != null) {
                bytes -= old.size();
            }
            bytes += image.size();
            for (Iterator<CachedImage> it = entries.values().iterator(); bytes > maxBytes && it.hasNext();) {
                CachedImage eldest = it.next();
                it.remove();
                bytes -= eldest.size();
            }
        }
    }

    public synchronized void evict(String digest) {
        CachedImage old = entries.remove(digest);
        if (old != null) {
            bytes -= old.size();
        }
    }

    public synchronized long cachedBytes() {
        return bytes;
    }

    public synchronized boolean contains(String digest) {
        return entries.containsKey(digest);
    }
}
