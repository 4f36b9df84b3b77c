package dev.otalab.imagestore.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The bytes of a {@link StoredImage}, {@code images.image_content} ({@code bytea}). */
@Entity
@Table(name = "image_content")
public class ImageContent {

    @Id
    @Column(length = 128)
    public String digest;

    @Column(nullable = false, columnDefinition = "bytea")
    public byte[] content;

    public ImageContent() {
    }

    public ImageContent(String digest, byte[] content) {
        this.digest = digest;
        this.content = content;
    }
}
