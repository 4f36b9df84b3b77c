package dev.otalab.signing.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.otalab.mcuboot.McubootException;
import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import dev.otalab.mcuboot.image.ImageFormatException;
import dev.otalab.mcuboot.image.ImageVersion;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignedImage;
import dev.otalab.signing.config.SigningConfig;
import dev.otalab.signing.mapping.ProblemType;
import dev.otalab.signing.mapping.SignOptionsMapper;
import dev.otalab.signing.mapping.SignOptionsMapper.OutputFormat;
import dev.otalab.signing.mapping.SignOptionsMapper.Plan;
import dev.otalab.signing.mapping.SignRequest;
import dev.otalab.signing.model.SignatureRecord;
import dev.otalab.signing.model.SigningKey;
import dev.otalab.signing.repository.SignatureRecordRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Signs an upload and records the signature. The CPU work (option checks, HEX parsing, hashing,
 * signing, output encoding) runs on a worker thread through {@link Vertx#executeBlocking}, which
 * hands the result back on the request's event-loop context; only then is the audit row written
 * with Hibernate Reactive. The signed bytes are returned only after that row is committed, so no
 * signature leaves the service unrecorded.
 */
@ApplicationScoped
public class SigningService {

    /** What a signing produced, ready for the response. */
    public record Signed(byte[] output, String fileName, OutputFormat format, String digest,
                         ImageVersion version, SigningKey key, int imageLength) {
    }

    /** A signed image with its audit row. */
    public record Recorded(Signed signed, SignatureRecord record) {
    }

    /** What the caller uploaded; {@code image} reads the upload (blocking), so it runs on the worker. */
    public record Upload(String optionsJson, String fileName, Supplier<byte[]> image) {
    }

    private final KeyRegistry keys;
    private final SignatureRecordRepository records;
    private final SigningConfig config;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final ObjectReader optionsReader;

    public SigningService(KeyRegistry keys, SignatureRecordRepository records, SigningConfig config, Vertx vertx,
                          MeterRegistry meters, ObjectMapper mapper) {
        this.keys = keys;
        this.records = records;
        this.config = config;
        this.vertx = vertx;
        this.meters = meters;
        this.optionsReader = mapper.readerFor(SignRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** Signs on a worker, then records on the caller's event-loop context. */
    public Uni<Recorded> signAndRecord(Upload upload, String user) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> sign(upload)), false)
                .flatMap(signed -> records.insert(record(signed, user)).map(row -> new Recorded(signed, row)))
                .invoke(done -> meters.counter("otalab.signatures", "key_type",
                        done.signed().key().key().type().cliName()).increment());
    }

    /** The blocking part: options, key, input, signature, output. @throws ProblemException for any refusal */
    public Signed sign(Upload upload) {
        SignRequest request = parseOptions(upload.optionsJson());
        SigningKey key = keys.signer(SignOptionsMapper.keyId(request));
        long maxSlot = config.maxSlotSize().asLongValue();
        Plan plan = SignOptionsMapper.toPlan(request, key.key(), maxSlot);
        ImageInput input = ImageInput.decode(upload.fileName(), upload.image().get(), plan.inputFormat(), maxSlot);
        if (plan.outputFormat() == OutputFormat.HEX && plan.hexAddress() == null && !input.isHex()) {
            throw ProblemException.badRequest("outputFormat \"hex\" needs hexAddress when the input is a binary");
        }
        SignedImage image;
        byte[] output;
        try {
            image = ImageSigner.sign(input.bytes(), input.baseAddress(), plan.options());
            output = plan.outputFormat() == OutputFormat.HEX ? hex(image, plan.hexAddress()) : image.toBinary();
        } catch (ImageFormatException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Image size (")) {
                // imgtool's fit-check message (mcuboot-image.md §10)
                throw new ProblemException(ProblemType.IMAGE_TOO_LARGE,
                        input.name() + " does not fit the slot: " + e.getMessage());
            }
            throw new ProblemException(ProblemType.BAD_IMAGE, input.name() + ": " + e.getMessage());
        } catch (McubootException e) {
            throw new ProblemException(ProblemType.BAD_IMAGE, input.name() + ": " + e.getMessage());
        }
        return new Signed(output, outputName(input.name(), plan.outputFormat()), plan.outputFormat(),
                HexFormat.of().formatHex(image.digest()), plan.options().version(), key, image.imageLength());
    }

    private SignRequest parseOptions(String json) {
        if (json == null || json.isBlank()) {
            throw ProblemException.badRequest("the multipart part 'options' (sign options as JSON) is required");
        }
        try {
            SignRequest request = optionsReader.readValue(json);
            if (request == null) {
                throw ProblemException.badRequest("options must be a JSON object");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("options: " + describe(e));
        }
    }

    /** Jackson's message without its source excerpt, with the JSON path of the field. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int nl = message == null ? -1 : message.indexOf('\n');
        message = message == null ? e.getClass().getSimpleName() : nl < 0 ? message : message.substring(0, nl);
        String path = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[") + ": ";
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return path + message + where;
    }

    private static byte[] hex(SignedImage image, Long hexAddress) {
        MemoryImage memory = new MemoryImage();
        for (SignedImage.Chunk chunk : image.toHexChunks(hexAddress)) {
            memory.put(chunk.address(), chunk.bytes());
        }
        return IntelHex.write(memory).getBytes(StandardCharsets.US_ASCII);
    }

    private static String outputName(String inputName, OutputFormat format) {
        String base = inputName.replaceAll("^.*[/\\\\]", "").replaceAll("[^A-Za-z0-9._-]", "_");
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        return (base.isEmpty() ? "image" : base) + ".signed." + (format == OutputFormat.HEX ? "hex" : "bin");
    }

    private static SignatureRecord record(Signed signed, String user) {
        SignatureRecord r = new SignatureRecord();
        r.id = UUID.randomUUID();
        r.signedBy = user;
        r.keyId = signed.key().id();
        r.keyType = signed.key().key().type().cliName();
        r.imageDigest = signed.digest();
        r.imageVersion = signed.version().toString();
        r.imageSize = signed.imageLength();
        r.signedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return r;
    }
}
